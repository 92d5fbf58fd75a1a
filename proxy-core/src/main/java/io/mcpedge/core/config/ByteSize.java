package io.mcpedge.core.config;

/**
 * A size in bytes, written in config as {@code 512}, {@code 64Ki}, {@code 1Mi}, {@code 1Gi} (powers
 * of 1024, as Kubernetes writes them) or {@code 1k}, {@code 1M}, {@code 1G} (powers of 1000).
 */
public record ByteSize(long bytes) {

  public ByteSize {
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes: " + bytes + " (expected: >= 0)");
    }
  }

  public static ByteSize ofBytes(long bytes) {
    return new ByteSize(bytes);
  }

  /** Bytes as an int, for buffer limits; values above {@link Integer#MAX_VALUE} saturate. */
  public int intBytes() {
    return (int) Math.min(Integer.MAX_VALUE, bytes);
  }
}
