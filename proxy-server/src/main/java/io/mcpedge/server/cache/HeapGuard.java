package io.mcpedge.server.cache;

import io.mcpedge.cache.CacheStore;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Comparator;
import java.util.Optional;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heap's last line of defence: when a collection leaves the old generation more than {@link
 * #THRESHOLD_PERCENT} full, the cache gives room back before the heap runs out.
 *
 * <p>{@code HeapBudget} keeps the store's {@code maxSize} within the heap at start-up, but the
 * proxy's own live memory can outgrow what it reserved (thousands of open streams, say). The JVM
 * reports such a collection through the old generation's collection usage threshold; this guard
 * then lowers the store's bound by the excess and a margin, and the store evicts at once. The
 * notification arrives on the JVM's notification thread, never on an event loop; the lowered bound
 * stays for the life of the process, and {@code /cache/stats} shows it.
 */
public final class HeapGuard implements AutoCloseable {

  /** Old-generation use after a collection beyond which the cache gives room back. */
  static final int THRESHOLD_PERCENT = 90;

  /** Given back on top of the excess, as a share of the old generation. */
  static final int MARGIN_PERCENT = 5;

  private static final Logger log = LoggerFactory.getLogger(HeapGuard.class);
  private static final long MIB = 1L << 20;

  private final CacheStore store;
  private final String poolName;
  private final NotificationEmitter emitter;
  private final NotificationListener listener = this::handle;

  private HeapGuard(CacheStore store, String poolName, NotificationEmitter emitter) {
    this.store = store;
    this.poolName = poolName;
    this.emitter = emitter;
  }

  /**
   * Watches the heap pool with the largest limit that reports its use after collections (the old
   * generation of the serial, parallel and G1 collectors); empty when the JVM has none.
   */
  public static Optional<HeapGuard> install(CacheStore store) {
    Optional<MemoryPoolMXBean> old =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP && p.isCollectionUsageThresholdSupported())
            .filter(p -> p.getUsage() != null && p.getUsage().getMax() > 0)
            .max(Comparator.comparingLong(p -> p.getUsage().getMax()));
    if (old.isEmpty()
        || !(ManagementFactory.getMemoryMXBean() instanceof NotificationEmitter emitter)) {
      log.warn("no heap pool reports its use after collections: the cache has no heap guard");
      return Optional.empty();
    }
    MemoryPoolMXBean pool = old.get();
    // The threshold is the JVM's, shared by every guard of the process; they all set the same one.
    pool.setCollectionUsageThreshold(pool.getUsage().getMax() / 100 * THRESHOLD_PERCENT);
    HeapGuard guard = new HeapGuard(store, pool.getName(), emitter);
    emitter.addNotificationListener(guard.listener, null, null);
    return Optional.of(guard);
  }

  private void handle(Notification n, Object handback) {
    if (!MemoryNotificationInfo.MEMORY_COLLECTION_THRESHOLD_EXCEEDED.equals(n.getType())) {
      return;
    }
    MemoryNotificationInfo info = MemoryNotificationInfo.from((CompositeData) n.getUserData());
    if (poolName.equals(info.getPoolName())) {
      afterCollection(info.getUsage().getUsed(), info.getUsage().getMax());
    }
  }

  /**
   * Lowers the store's bound when {@code used} bytes of a pool of {@code max} survived a
   * collection; returns the new bound, or -1 when the pool was below the threshold.
   */
  long afterCollection(long used, long max) {
    long before = store.maximum();
    long bound = bound(used, max, store.weightedSize(), before, store.heapScale());
    if (bound < 0) {
      return -1;
    }
    store.shrinkTo(bound);
    log.warn(
        "heap nearly full after a collection ({} of {} MiB in use): the cache's bound is lowered"
            + " from {} to {} MiB for the life of the process, so that the proxy keeps working;"
            + " raise -Xmx or lower cache.maxSize (docs/caching.md, Memory)",
        used / MIB,
        max / MIB,
        before / MIB,
        bound / MIB);
    return bound;
  }

  /**
   * The store's new bound when {@code used} bytes of a pool of {@code max} survived a collection
   * while the store held {@code cached} bytes under a bound of {@code before}: what it holds less
   * the excess over the threshold and a margin, so that the next collection ends below it; -1 when
   * the pool is below the threshold.
   */
  static long bound(long used, long max, long cached, long before) {
    return bound(used, max, cached, before, 1);
  }

  /**
   * As above, for a store whose weights count each heap byte {@code heapScale} times (bodies kept
   * off the heap, {@link CacheStore#heapScale()}): the heap to give back weighs that much more.
   */
  static long bound(long used, long max, long cached, long before, double heapScale) {
    long threshold = max / 100 * THRESHOLD_PERCENT;
    if (used <= threshold) {
      return -1;
    }
    long giveBack = used - threshold + max / 100 * MARGIN_PERCENT;
    long weighed = (long) Math.min(Long.MAX_VALUE, giveBack * heapScale);
    return Math.max(0, Math.min(before, cached - weighed));
  }

  @Override
  public void close() {
    try {
      emitter.removeNotificationListener(listener);
    } catch (ListenerNotFoundException e) {
      // already removed
    }
  }
}
