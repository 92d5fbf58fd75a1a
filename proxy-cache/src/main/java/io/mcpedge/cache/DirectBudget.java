package io.mcpedge.cache;

import java.util.Locale;

/**
 * How much direct memory a store with {@code cache.storage: direct} may fill beside the transport.
 *
 * <p>The bodies are allocated from the server's pooled allocator, within the JVM's direct-memory
 * limit ({@code -XX:MaxDirectMemorySize}, or Netty's {@code -Dio.netty.maxDirectMemory}; without
 * either the limit is the heap's). Beyond the limit an allocation fails and an I/O thread cannot
 * read or write, so {@code maxSize} must leave room for the transport: {@link #IO_RESERVE} for its
 * socket buffers and per-thread caches, plus {@link HeapBudget#inFlightLimit} for answers being
 * stored, which are written into direct memory as they arrive. A larger {@code maxSize} is refused
 * at {@code --check} and at start-up, as {@link HeapBudget} refuses one the heap cannot hold.
 *
 * @param maxDirect the direct-memory limit; {@code Long.MAX_VALUE} when the JVM sets none
 */
public record DirectBudget(long maxDirect, long maxObjectSize) {

  /** Direct memory kept for the transport's own buffers. */
  public static final long IO_RESERVE = 64L << 20;

  private static final long MIB = 1L << 20;

  public DirectBudget {
    if (maxDirect <= 0) {
      throw new IllegalArgumentException("maxDirect: " + maxDirect + " (expected: > 0)");
    }
    if (maxObjectSize < 0) {
      throw new IllegalArgumentException("maxObjectSize: " + maxObjectSize + " (expected: >= 0)");
    }
  }

  /** Direct memory kept back from the store. */
  public long reserve() {
    return IO_RESERVE + HeapBudget.inFlightLimit(maxObjectSize);
  }

  /** The largest {@code maxSize} this limit holds; 0 when it is too small for any store. */
  public long cacheLimit() {
    return maxDirect == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, maxDirect - reserve());
  }

  /**
   * What is wrong with {@code maxSize} in this much direct memory, as the expectation of a config
   * error, or {@code null} when it fits.
   */
  public String problem(long maxSize) {
    if (maxSize <= cacheLimit()) {
      return null;
    }
    long mib = (maxSize + reserve() + MIB - 1) / MIB;
    return String.format(
        Locale.ROOT,
        "at most %.1f MiB with cache.storage direct in this direct-memory limit of %.1f MiB, which"
            + " keeps %.1f MiB for the transport: raise it to -XX:MaxDirectMemorySize=%dm or more,"
            + " or lower cache.maxSize",
        cacheLimit() / (double) MIB,
        maxDirect / (double) MIB,
        reserve() / (double) MIB,
        (mib + 15) / 16 * 16);
  }
}
