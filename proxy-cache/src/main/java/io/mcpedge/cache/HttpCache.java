package io.mcpedge.cache;

import io.mcpedge.cache.http.TargetedCacheControl;
import io.mcpedge.core.config.CacheConfig;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.Executor;

/**
 * The cache engine assembled from one {@link CacheConfig}: the single object the data plane holds.
 *
 * <p>A miss flows {@code lookup -> coalescer().join -> updates().openWriter -> append* -> commit};
 * a hit flows {@code lookup -> HitResponder.respond}. See the module README for the whole protocol.
 */
public final class HttpCache {

  /** Keys remembered as uncacheable at most; each costs a few dozen bytes. */
  static final long MAX_REMEMBERED_UNCACHEABLE = 100_000;

  private final CacheStore store;
  private final CacheLookup lookup;
  private final CacheUpdates updates;
  private final Coalescer<CacheKey> coalescer;
  private final CacheKeys keys;
  private final TargetedCacheControl targeted;
  private final InFlightBudget inFlight;
  private final Invalidations invalidations;

  /**
   * @param staleRetention how long stale entries are kept for revalidation beyond their stale
   *     windows
   * @param maintenance runs the store's maintenance; {@code Runnable::run} keeps the size bound
   *     exact
   */
  public HttpCache(
      CacheConfig config, Duration staleRetention, InstantSource clock, Executor maintenance) {
    this(config, staleRetention, clock, maintenance, BodyStorage.HEAP, config.maxSize().bytes());
  }

  /**
   * A cache whose bodies live in {@code storage}, its entries holding at most {@code heapShare}
   * bytes of the heap among them ({@link CacheStore}).
   */
  public HttpCache(
      CacheConfig config,
      Duration staleRetention,
      InstantSource clock,
      Executor maintenance,
      BodyStorage storage,
      long heapShare) {
    long maxSize = config.maxSize().bytes();
    long maxObject = config.maxObjectSize().bytes();
    if (maxObject > maxSize) {
      throw new IllegalArgumentException(
          "maxObjectSize: " + maxObject + " (expected: <= maxSize " + maxSize + ")");
    }
    this.store = new CacheStore(maxSize, heapShare, staleRetention, clock, maintenance);
    this.keys = new CacheKeys(config);
    this.lookup = new CacheLookup(store, keys, clock);
    this.targeted = new TargetedCacheControl(config.targetedFields());
    this.inFlight = new InFlightBudget(HeapBudget.inFlightLimit(maxObject));
    this.invalidations = new Invalidations(store);
    this.updates =
        new CacheUpdates(
            store,
            new Storability(maxObject),
            clock,
            targeted,
            keys,
            inFlight,
            invalidations,
            storage);
    this.coalescer = new Coalescer<>(config.uncacheableMemory(), MAX_REMEMBERED_UNCACHEABLE, clock);
  }

  public CacheLookup lookup() {
    return lookup;
  }

  public CacheUpdates updates() {
    return updates;
  }

  /** The heap held by answers being stored now, and its bound. */
  public InFlightBudget inFlight() {
    return inFlight;
  }

  /** Purges, bans and write invalidations: the only way they reach the store. */
  public Invalidations invalidations() {
    return invalidations;
  }

  public CacheStore store() {
    return store;
  }

  /**
   * Empties the store and gives back every body it holds, at shutdown ({@link CacheStore#close}).
   */
  public void close() {
    store.close();
  }

  public Coalescer<CacheKey> coalescer() {
    return coalescer;
  }

  public CacheKeys keys() {
    return keys;
  }

  /** The targeted cache-control fields this cache follows (RFC 9213). */
  public TargetedCacheControl targeted() {
    return targeted;
  }
}
