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

  /** What a malformed size is told to look like; part of every such config error. */
  public static final String EXPECTATION =
      "a size such as 512, 64Ki, 1Mi, 1Gi (powers of 1024) or 1k, 1M, 1G (powers of 1000)";

  private static final String[] SUFFIXES = {"", "k", "M", "G", "T", "Ki", "Mi", "Gi", "Ti"};
  private static final long[] FACTORS = {
    1L,
    1_000L,
    1_000_000L,
    1_000_000_000L,
    1_000_000_000_000L,
    1L << 10,
    1L << 20,
    1L << 30,
    1L << 40
  };

  public static ByteSize ofBytes(long bytes) {
    return new ByteSize(bytes);
  }

  /**
   * Parses {@code 512}, {@code 64Ki}, {@code 1M} and the like: a whole number and an optional
   * suffix. {@code KB}, {@code MB} and lower-case binary suffixes are refused rather than guessed,
   * because Varnish reads {@code 1G} as 2^30 while Kubernetes reads it as 10^9.
   *
   * @throws IllegalArgumentException when {@code text} is not a size
   */
  public static ByteSize parse(String text) {
    int i = 0;
    while (i < text.length() && Character.isDigit(text.charAt(i))) {
      i++;
    }
    if (i == 0 || i > 18) {
      throw malformed(text);
    }
    long amount = Long.parseLong(text.substring(0, i));
    String suffix = text.substring(i);
    for (int s = 0; s < SUFFIXES.length; s++) {
      if (SUFFIXES[s].equals(suffix)) {
        try {
          return new ByteSize(Math.multiplyExact(amount, FACTORS[s]));
        } catch (ArithmeticException e) {
          throw malformed(text);
        }
      }
    }
    throw malformed(text);
  }

  private static IllegalArgumentException malformed(String text) {
    return new IllegalArgumentException("\"" + text + "\" (expected: " + EXPECTATION + ")");
  }

  /** Bytes as an int, for buffer limits; values above {@link Integer#MAX_VALUE} saturate. */
  public int intBytes() {
    return (int) Math.min(Integer.MAX_VALUE, bytes);
  }
}
