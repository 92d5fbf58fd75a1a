package io.mcpedge.cache;

import java.util.Locale;

/**
 * How much of the Java heap the store may fill beside the proxy's own working memory.
 *
 * <p>The store lives on the heap, so a {@code maxSize} near the heap's limit does not evict in
 * time: the heap runs out first and the process dies with every connection. The rule keeps back,
 * from the heap limit ({@code -Xmx}, or {@code MaxRAMPercentage} of a container's memory):
 *
 * <ul>
 *   <li>{@link #WORKING_MEMORY} for the proxy itself: its live heap is 6.5 MiB after a full
 *       collection and peaks at 13.4 MiB, young generation included, under 64 connections of cache
 *       hits and pass-through ({@code jstat} every half second), so 24 MiB leaves 80 % to spare;
 *   <li>{@link #inFlightLimit}, which bounds the buffers of answers being stored while they stream:
 *       two {@code maxObjectSize}, at least 8 MiB;
 *   <li>{@link #HEADROOM_PERCENT} of the heap, so that a full store is not collected over and over.
 * </ul>
 *
 * <p>A larger {@code maxSize} is refused at {@code --check} and at start-up rather than quietly
 * sized down: the operator asked for that much cache, and learns at once what heap it needs.
 *
 * <p>With {@code cache.storage: direct} the bodies leave the heap ({@link DirectBudget} checks
 * them); the heap keeps keys, headers and bookkeeping, whose share of the store depends on the
 * entries' sizes. The store's weigher then bounds that share by {@link #cacheLimit()} itself (it
 * evicts before the heap fills, whatever the entries), and start-up refuses a heap that cannot hold
 * even {@link #DIRECT_HEAP_SHARE_DIVISOR the eighth} of {@code maxSize} such a share needs when
 * bodies average ten times their headers.
 */
public record HeapBudget(long maxHeap, long maxObjectSize) {

  /** Heap kept for the proxy's own working memory. */
  public static final long WORKING_MEMORY = 24L << 20;

  /** Share of the heap kept free so that collections stay rare. */
  public static final int HEADROOM_PERCENT = 10;

  /** With bodies off the heap, the heap must hold at least {@code maxSize} over this. */
  public static final int DIRECT_HEAP_SHARE_DIVISOR = 8;

  private static final long MIB = 1L << 20;

  /**
   * @param maxHeap the heap limit, {@code Runtime.maxMemory()}; {@code Long.MAX_VALUE} when the JVM
   *     sets none
   */
  public HeapBudget {
    if (maxHeap <= 0) {
      throw new IllegalArgumentException("maxHeap: " + maxHeap + " (expected: > 0)");
    }
    if (maxObjectSize < 0) {
      throw new IllegalArgumentException("maxObjectSize: " + maxObjectSize + " (expected: >= 0)");
    }
  }

  /**
   * The heap that answers being stored may hold at once ({@link InFlightBudget}): two of the
   * largest (one body of unknown length is copied as its buffer grows), and at least 8 MiB so that
   * many small answers are stored side by side.
   */
  public static long inFlightLimit(long maxObjectSize) {
    return Math.max(2 * maxObjectSize, 8L << 20);
  }

  /** Heap kept back from the store. */
  public long reserve() {
    return WORKING_MEMORY + inFlightLimit(maxObjectSize) + maxHeap / 100 * HEADROOM_PERCENT;
  }

  /** The largest {@code maxSize} this heap holds; 0 when the heap is too small for any cache. */
  public long cacheLimit() {
    return maxHeap == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, maxHeap - reserve());
  }

  /** The smallest heap limit that holds a store of {@code maxSize} bytes beside the reserve. */
  public long heapFor(long maxSize) {
    long fixed = maxSize + WORKING_MEMORY + inFlightLimit(maxObjectSize);
    return (fixed * 100 + (100 - HEADROOM_PERCENT) - 1) / (100 - HEADROOM_PERCENT);
  }

  /**
   * An {@code -Xmx} in MiB that holds a store of {@code maxSize}: {@link #heapFor} plus 4 %, since
   * the JVM's heap limit leaves out one survivor space of the young generation (a 30th of {@code
   * -Xmx} with the serial collector's defaults), rounded up to 16 MiB.
   */
  public long suggestedXmxMib(long maxSize) {
    long mib = (heapFor(maxSize) / 100 * 104 + MIB - 1) / MIB;
    return (mib + 15) / 16 * 16;
  }

  /**
   * What is wrong with {@code maxSize} on this heap, as the expectation of a config error, or
   * {@code null} when it fits.
   */
  public String problem(long maxSize) {
    if (maxSize <= cacheLimit()) {
      return null;
    }
    return "at most "
        + mib(cacheLimit())
        + " on this heap of "
        + mib(maxHeap)
        + ", which keeps "
        + mib(reserve())
        + " for the proxy itself: raise the heap to -Xmx"
        + suggestedXmxMib(maxSize)
        + "m or more (in a container, -XX:MaxRAMPercentage of a memory limit that large), or"
        + " lower cache.maxSize";
  }

  /**
   * What is wrong with {@code maxSize} of a store whose bodies live in direct memory, as far as the
   * heap goes; {@code null} when the heap holds its share ({@link #DIRECT_HEAP_SHARE_DIVISOR}).
   */
  public String directProblem(long maxSize) {
    long share = (maxSize + DIRECT_HEAP_SHARE_DIVISOR - 1) / DIRECT_HEAP_SHARE_DIVISOR;
    if (share <= cacheLimit()) {
      return null;
    }
    return "with cache.storage direct, a heap that keeps at least "
        + mib(share)
        + " (an eighth of it) for keys and headers, but this heap of "
        + mib(maxHeap)
        + " keeps "
        + mib(cacheLimit())
        + ": raise the heap to -Xmx"
        + suggestedXmxMib(share)
        + "m or more, or lower cache.maxSize";
  }

  /** {@code bytes} as a config size: {@code 1Gi}, {@code 256Mi}, {@code 64Ki} or plain bytes. */
  public static String size(long bytes) {
    String[] units = {"Ti", "Gi", "Mi", "Ki"};
    for (int i = 0; i < units.length; i++) {
      long unit = 1L << (10 * (units.length - i));
      if (bytes >= unit && bytes % unit == 0) {
        return bytes / unit + units[i];
      }
    }
    return Long.toString(bytes);
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) MIB);
  }
}
