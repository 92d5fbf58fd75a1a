package io.mcpedge.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.mcpedge.cache.http.HeaderView;
import io.mcpedge.core.route.PathMatcher;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * The bounded in-memory store of responses, weighed in bytes, over Caffeine.
 *
 * <p>Entries are grouped by primary key into immutable {@link Variants}; a secondary index from URI
 * to keys lets one URL be invalidated in every credential scope at once (RFC 9111 §4.4) without
 * scanning the store. Entries expire once no stale window can use them any more.
 *
 * <p>The store holds one reference of each stored entry's {@link Body} and gives it back whenever
 * the entry leaves: eviction, expiry, replacement by a newer variant, removal, purge and {@link
 * #close()}. Bodies outside the heap are freed then, or once the last hit writing them is done.
 */
public final class CacheStore {

  /** Longer than any upstream exchange whose answer could still be stored. */
  static final Duration IN_FLIGHT_HORIZON = Duration.ofMinutes(10);

  static final long MAX_REMEMBERED_INVALIDATIONS = 100_000;

  private final Cache<CacheKey, Variants> cache;
  private final ConcurrentHashMap<String, Set<CacheKey>> keysByUri = new ConcurrentHashMap<>();

  /** The keys of {@link #keysByUri} in order, for invalidation by path match; same lifecycle. */
  private final ConcurrentSkipListSet<String> sortedUris = new ConcurrentSkipListSet<>();

  private final PathInvalidations pathInvalidations =
      new PathInvalidations(IN_FLIGHT_HORIZON.toMillis());
  private final InstantSource clock;

  /** Weight per heap byte of an entry: 1, or {@code maxSize / heapShare} with bodies off-heap. */
  private final double heapScale;

  /** When each recently invalidated URI was invalidated, to drop answers that were in flight. */
  private final Cache<String, Long> invalidatedAt;

  /** What happened to entries since creation, for metrics: stored, evicted, expired, purged. */
  private final LongAdder stores = new LongAdder();

  private final LongAdder evictions = new LongAdder();
  private final LongAdder expirations = new LongAdder();
  private final LongAdder purges = new LongAdder();

  /** When {@link #invalidateAll()} last ran: answers requested before it are not stored. */
  private volatile long allInvalidatedAt = Long.MIN_VALUE;

  /**
   * @param maxSize bytes the store never exceeds (headers, bodies and overhead)
   * @param staleRetention how long stale entries are kept for revalidation and {@code max-stale}
   *     requests beyond their own stale windows
   * @param executor runs Caffeine's maintenance; {@code Runnable::run} keeps the bound exact
   */
  public CacheStore(long maxSize, Duration staleRetention, InstantSource clock, Executor executor) {
    this(maxSize, maxSize, staleRetention, clock, executor);
  }

  /**
   * A store whose entries may hold at most {@code heapShare} bytes of the heap among them, for
   * bodies kept outside it: each entry weighs at least its heap part scaled by {@code maxSize /
   * heapShare}, so the bound on the weights bounds both the bytes in all and those on the heap.
   *
   * @param heapShare bytes of heap the entries may hold; {@code maxSize} or more bounds nothing
   *     beyond {@code maxSize}
   */
  public CacheStore(
      long maxSize,
      long heapShare,
      Duration staleRetention,
      InstantSource clock,
      Executor executor) {
    if (maxSize <= 0) {
      throw new IllegalArgumentException("maxSize: " + maxSize + " (expected: > 0)");
    }
    if (staleRetention.isNegative()) {
      throw new IllegalArgumentException("staleRetention: " + staleRetention + " (expected: >= 0)");
    }
    if (heapShare <= 0) {
      throw new IllegalArgumentException("heapShare: " + heapShare + " (expected: > 0)");
    }
    this.clock = clock;
    double heapScale = heapShare >= maxSize ? 0 : maxSize / (double) heapShare;
    this.heapScale = Math.max(1, heapScale);
    long retention = staleRetention.toMillis();
    this.cache =
        Caffeine.newBuilder()
            .maximumWeight(maxSize)
            .weigher((CacheKey k, Variants v) -> weigh(k, v, heapScale))
            .expireAfter(new UsefulLife(clock, retention))
            .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
            .executor(executor)
            .removalListener(this::removed)
            .build();
    this.invalidatedAt =
        Caffeine.newBuilder()
            .expireAfterWrite(IN_FLIGHT_HORIZON)
            .maximumSize(MAX_REMEMBERED_INVALIDATIONS)
            .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
            .executor(Runnable::run)
            .build();
  }

  private static int weigh(CacheKey k, Variants v, double heapScale) {
    long w = k.weight() + v.weight();
    if (heapScale > 0) {
      w = Math.max(w, (long) Math.ceil((k.weight() + v.heapWeight()) * heapScale));
    }
    return (int) Math.min(Integer.MAX_VALUE, w);
  }

  /** All variants stored under {@code key}, or {@code null}. */
  Variants variants(CacheKey key) {
    return cache.getIfPresent(key);
  }

  /** The variant of {@code key} that {@code request} selects (§4.1), or {@code null}. */
  public StoredResponse find(CacheKey key, HeaderView request) {
    Variants v = cache.getIfPresent(key);
    return v == null ? null : v.select(request);
  }

  /**
   * Stores {@code entry}, replacing the variant it supersedes; the store takes over the caller's
   * reference of its body.
   */
  public void put(StoredResponse entry) {
    CacheKey key = entry.key();
    index(key);
    cache
        .asMap()
        .merge(
            key,
            Variants.of(entry),
            (old, fresh) -> {
              if (old.contains(entry)) {
                entry.body().release(); // stored already, with a reference of its own
                return old;
              }
              Variants kept = old.with(entry);
              old.releaseAbsentFrom(kept);
              return kept;
            });
    stores.increment();
    // Re-indexing after the write closes the race with a removal listener that saw no entry.
    index(key);
  }

  /**
   * Stores {@code entry} unless its URI was invalidated at or after {@code requestTime}, when the
   * request that produced it was sent: an answer in flight during an unsafe request may describe
   * the state before it (§4.4). Returns whether the entry stayed stored.
   */
  public boolean putUnlessInvalidatedSince(StoredResponse entry, long requestTime) {
    put(entry);
    // Checking after the write closes the race: a later invalidation removes the entry itself.
    Long invalidated = invalidatedAt.getIfPresent(entry.key().uri());
    if ((invalidated != null && invalidated >= requestTime)
        || allInvalidatedAt >= requestTime
        || pathInvalidations.coversSince(entry.key().uri(), requestTime)) {
      remove(entry);
      return false;
    }
    return true;
  }

  /** Removes one variant, as a failed freshening requires (§4.3.5). */
  public void remove(StoredResponse entry) {
    cache
        .asMap()
        .computeIfPresent(
            entry.key(),
            (k, v) -> {
              Variants kept = v.without(entry);
              if (kept != null && v.contains(entry)) {
                entry.body().release(); // a removed key's entries go through removed()
              }
              return kept;
            });
  }

  /** Removes every variant of {@code uri} in every scope (§4.4, purge); returns keys removed. */
  public int invalidate(String uri) {
    invalidatedAt.put(uri, clock.millis());
    Set<CacheKey> keys = keysByUri.get(uri);
    List<CacheKey> victims = keys == null ? new ArrayList<>() : new ArrayList<>(keys);
    victims.add(CacheKey.shared(uri));
    int removed = 0;
    for (CacheKey k : victims) {
      if (cache.asMap().remove(k) != null) {
        removed++;
      }
    }
    purges.add(removed);
    return removed;
  }

  /**
   * Removes every variant, in every scope, of the URIs of {@code origin} ({@code
   * scheme://authority} as {@link UriNormaliser} writes it) whose path matches one of {@code
   * rules}, and keeps answers in flight for them from being stored; returns keys removed. Visits
   * only the stored URIs that start with an exact or prefix rule's text; a regular expression
   * visits the origin's every URI.
   */
  public int invalidatePaths(String origin, List<PathMatcher> rules) {
    if (rules.isEmpty()) {
      return 0;
    }
    pathInvalidations.record(origin, rules, clock.millis());
    int removed = 0;
    for (String uri : PathInvalidations.matching(sortedUris, origin, rules)) {
      removed += invalidate(uri);
    }
    return removed;
  }

  /**
   * Removes every key, and keeps every answer in flight now from being stored: the store can no
   * longer vouch for anything it holds. Returns keys removed.
   */
  public int invalidateAll() {
    allInvalidatedAt = clock.millis();
    int removed = 0;
    for (CacheKey k : new ArrayList<>(cache.asMap().keySet())) {
      if (cache.asMap().remove(k) != null) {
        removed++;
      }
    }
    purges.add(removed);
    return removed;
  }

  /** Removes every URI starting with {@code uriPrefix}; returns keys removed. */
  public int invalidatePrefix(String uriPrefix) {
    return invalidateWhere(uri -> uri.startsWith(uriPrefix));
  }

  /** Removes every URI in which {@code pattern} is found (a ban); returns keys removed. */
  public int ban(Pattern pattern) {
    return invalidateWhere(uri -> pattern.matcher(uri).find());
  }

  private int invalidateWhere(java.util.function.Predicate<String> test) {
    int removed = 0;
    for (String uri : new ArrayList<>(keysByUri.keySet())) {
      if (test.test(uri)) {
        removed += invalidate(uri);
      }
    }
    return removed;
  }

  /** Bytes currently stored, as the weigher counts them. */
  public long weightedSize() {
    return cache.policy().eviction().orElseThrow().weightedSize().orElse(0);
  }

  /** The bound on {@link #weightedSize()}: {@code maxSize}, or less once {@link #shrinkTo} ran. */
  public long maximum() {
    return cache.policy().eviction().orElseThrow().getMaximum();
  }

  /**
   * Lowers the bound to {@code bytes} (never raises it) and evicts down to it at once, on the
   * calling thread: the heap's last line of defence gives the store's room back to the proxy.
   */
  public void shrinkTo(long bytes) {
    var eviction = cache.policy().eviction().orElseThrow();
    if (bytes < eviction.getMaximum()) {
      eviction.setMaximum(Math.max(0, bytes));
    }
  }

  /**
   * How many bytes of {@link #weightedSize()} one byte of the entries' heap part weighs at most: 1
   * for heap storage, {@code maxSize / heapShare} when bodies live off the heap, so that whoever
   * frees heap by lowering the bound ({@link #shrinkTo}) lowers it by that much more.
   */
  public double heapScale() {
    return heapScale;
  }

  /** Number of primary keys stored. */
  public long keyCount() {
    return cache.estimatedSize();
  }

  /** Responses stored since creation (a new variant, or one replacing its predecessor). */
  public long stores() {
    return stores.sum();
  }

  /** Keys evicted since creation to stay within the size bound. */
  public long evictions() {
    return evictions.sum();
  }

  /** Keys removed since creation because no stale window could use them any more. */
  public long expirations() {
    return expirations.sum();
  }

  /** Keys removed since creation by invalidation: purge, ban, or an unsafe request (§4.4). */
  public long purges() {
    return purges.sum();
  }

  /**
   * Removes every entry and gives back its body, without recording an invalidation: the store is
   * done, at shutdown. Bodies that hits are still writing are freed when those finish.
   */
  public void close() {
    cache.invalidateAll();
    cache.cleanUp();
  }

  /** Runs pending maintenance (eviction, expiry) now. */
  public void cleanUp() {
    cache.cleanUp();
  }

  private void index(CacheKey key) {
    keysByUri.compute(
        key.uri(),
        (u, set) -> {
          Set<CacheKey> s = set == null ? ConcurrentHashMap.newKeySet() : set;
          s.add(key);
          sortedUris.add(u);
          return s;
        });
  }

  private void removed(CacheKey key, Variants value, RemovalCause cause) {
    if (key == null || cause == RemovalCause.REPLACED) {
      // A replacement released the entries it dropped itself (put, remove).
      return;
    }
    if (value != null) {
      value.releaseAbsentFrom(null);
    }
    if (cause == RemovalCause.SIZE) {
      evictions.increment();
    } else if (cause == RemovalCause.EXPIRED) {
      expirations.increment();
    }
    keysByUri.computeIfPresent(
        key.uri(),
        (u, set) -> {
          if (!cache.asMap().containsKey(key)) {
            set.remove(key);
          }
          if (set.isEmpty()) {
            sortedUris.remove(u);
            return null;
          }
          return set;
        });
  }

  InstantSource clock() {
    return clock;
  }

  /** Keeps a key while any of its variants can still be served or revalidated. */
  private static final class UsefulLife implements Expiry<CacheKey, Variants> {
    private final InstantSource clock;
    private final long retention;

    UsefulLife(InstantSource clock, long retention) {
      this.clock = clock;
      this.retention = retention;
    }

    @Override
    public long expireAfterCreate(CacheKey key, Variants value, long currentTime) {
      return TimeUnit.MILLISECONDS.toNanos(value.usefulFor(clock.millis(), retention));
    }

    @Override
    public long expireAfterUpdate(
        CacheKey key, Variants value, long currentTime, long currentDuration) {
      return expireAfterCreate(key, value, currentTime);
    }

    @Override
    public long expireAfterRead(
        CacheKey key, Variants value, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}
