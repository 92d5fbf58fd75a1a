package io.mcpedge.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Collapses concurrent misses for one key into one upstream request, without blocking.
 *
 * <p>The first miss becomes the leader and goes upstream; later misses follow, registering a
 * callback that runs on their own executor (their event loop) when the leader's answer is stored,
 * turns out uncacheable, or fails. A key whose answer was uncacheable is remembered for a while so
 * that a popular uncacheable URL is not serialised behind one request at a time. Followers wait at
 * most as long as the server's timer allows: it calls {@link Waiter#timeout()}. Shared by every
 * event loop, hence lock-free maps and tiny per-flight critical sections.
 *
 * @param <K> the key type, normally {@link CacheKey}
 */
public final class Coalescer<K> {

  /** The part a request plays for its key. */
  public enum Role {
    /** Goes upstream and must {@link Flight#complete} the flight, whatever happens. */
    LEADER,
    /** Waits for the leader through {@link Flight#follow}. */
    FOLLOWER,
    /** The key is known to be uncacheable: go upstream without coalescing. */
    ALONE
  }

  /** How a flight ended, as seen by one follower. */
  public enum Outcome {
    /** The leader's answer is in the store: look the request up again. */
    STORED,
    /** The answer could not be stored: go upstream yourself. */
    UNCACHEABLE,
    /** The leader's exchange failed: go upstream yourself. */
    FAILED,
    /**
     * The leader's answer was complete but not stored, because its URI was invalidated while it was
     * in flight (RFC 9111 §4.4): go upstream yourself. Unlike {@link #UNCACHEABLE} the key stays
     * coalescing, since its next answer may well be stored.
     */
    SUPERSEDED,
    /** The follower stopped waiting: go upstream yourself. */
    TIMED_OUT
  }

  /** The result of {@link #join}: a role and, unless {@link Role#ALONE}, the flight. */
  public record Join<K>(Role role, Flight<K> flight) {}

  private final ConcurrentHashMap<K, Flight<K>> flights = new ConcurrentHashMap<>();
  private final Cache<K, Boolean> uncacheable;

  /**
   * @param uncacheableMemory how long a key stays {@link Role#ALONE} after an uncacheable answer
   * @param maxRemembered bound on the number of keys remembered as uncacheable
   */
  public Coalescer(Duration uncacheableMemory, long maxRemembered, InstantSource clock) {
    if (uncacheableMemory.isNegative()) {
      throw new IllegalArgumentException(
          "uncacheableMemory: " + uncacheableMemory + " (expected: >= 0)");
    }
    if (maxRemembered <= 0) {
      throw new IllegalArgumentException("maxRemembered: " + maxRemembered + " (expected: > 0)");
    }
    this.uncacheable =
        Caffeine.newBuilder()
            .expireAfterWrite(uncacheableMemory)
            .maximumSize(maxRemembered)
            .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
            .executor(Runnable::run)
            .build();
  }

  /** Joins the flight of {@code key}, starting one if none is in the air. */
  public Join<K> join(K key) {
    if (uncacheable.getIfPresent(key) != null) {
      return new Join<>(Role.ALONE, null);
    }
    Flight<K> mine = new Flight<>(this, key);
    Flight<K> existing = flights.putIfAbsent(key, mine);
    return existing == null ? new Join<>(Role.LEADER, mine) : new Join<>(Role.FOLLOWER, existing);
  }

  /** Forgets that {@code key} was uncacheable, e.g. after an answer for it was stored. */
  public void cacheable(K key) {
    uncacheable.invalidate(key);
  }

  /** Number of flights in the air. */
  public int inFlight() {
    return flights.size();
  }

  /** Number of followers waiting for a flight, over all flights (for stats and tests). */
  public int waiting() {
    int n = 0;
    for (Flight<K> f : flights.values()) {
      n += f.waiting();
    }
    return n;
  }

  void landed(Flight<K> flight, Outcome outcome) {
    flights.remove(flight.key(), flight);
    if (outcome == Outcome.UNCACHEABLE) {
      uncacheable.put(flight.key(), Boolean.TRUE);
    } else if (outcome == Outcome.STORED) {
      uncacheable.invalidate(flight.key());
    }
  }

  /** Executes callbacks in place; useful for callers already on the right thread. */
  public static Executor direct() {
    return Runnable::run;
  }
}
