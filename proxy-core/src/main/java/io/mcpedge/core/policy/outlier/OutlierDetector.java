package io.mcpedge.core.policy.outlier;

import io.mcpedge.core.config.OutlierDetectionConfig;
import io.mcpedge.core.policy.Checks;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Takes endpoints that keep failing out of load balancing for a while, as Envoy's outlier detection
 * does with {@code consecutive_5xx}, so one broken pod behind a Service does not fail a share of
 * all requests.
 *
 * <ul>
 *   <li>{@code consecutive5xx} failures in a row (5xx answers, connect failures, resets, timeouts:
 *       the caller reports them all through {@link #recordFailure}) eject an endpoint; a success
 *       resets the count.
 *   <li>The n-th ejection lasts {@code baseEjectionTime * n}, capped at {@code maxEjectionTime}.
 *       Each full {@code baseEjectionTime} an endpoint then spends in service lowers n by one, so
 *       an endpoint that recovered for good is eventually judged afresh.
 *   <li>At most {@code maxEjectionPercent} of the endpoints are ejected at once, but, as in Envoy,
 *       one endpoint may always be ejected when the percent is above zero. A percent of zero
 *       disables ejection.
 *   <li>Endpoints return by themselves when their time is up: nothing is scheduled.
 * </ul>
 *
 * <p>Reads and failure counting are lock-free; the rare ejection decision takes this object's lock
 * so that two concurrent ejections cannot both pass the percent check. The endpoint set is an
 * immutable snapshot replaced by {@link #setEndpoints}, which keeps the state of endpoints that
 * stay. Endpoints it does not know are always available.
 *
 * @param <E> the endpoint type; equal endpoints share state
 */
public final class OutlierDetector<E> {

  private final int consecutive5xx;
  private final long baseNanos;
  private final long maxNanos;
  private final int maxEjectionPercent;
  private final LongSupplier nanoTicker;
  private volatile Map<E, Health> endpoints;
  private final LongAdder ejections = new LongAdder();

  public OutlierDetector(
      OutlierDetectionConfig config, Collection<? extends E> endpoints, LongSupplier nanoTicker) {
    Checks.present("outlierDetection", config);
    this.consecutive5xx = (int) Checks.positive("consecutive5xx", config.consecutive5xx());
    Duration base = Checks.positive("baseEjectionTime", config.baseEjectionTime());
    Duration max = Checks.positive("maxEjectionTime", config.maxEjectionTime());
    if (max.compareTo(base) < 0) {
      throw new IllegalArgumentException(
          "maxEjectionTime: " + max + " (expected: >= baseEjectionTime " + base + ")");
    }
    this.baseNanos = base.toNanos();
    this.maxNanos = max.toNanos();
    this.maxEjectionPercent =
        Checks.inRange("maxEjectionPercent", config.maxEjectionPercent(), 0, 100);
    this.nanoTicker = Checks.present("nanoTicker", nanoTicker);
    this.endpoints = Map.of();
    setEndpoints(endpoints);
  }

  /** Replaces the endpoint set (after DNS re-resolution), keeping the history of survivors. */
  public synchronized void setEndpoints(Collection<? extends E> current) {
    Map<E, Health> previous = endpoints;
    Map<E, Health> next = new HashMap<>();
    for (E endpoint : current) {
      Health health = previous.get(endpoint);
      next.put(endpoint, health != null ? health : new Health());
    }
    endpoints = Map.copyOf(next);
  }

  /** Whether the endpoint may receive requests now. */
  public boolean isAvailable(E endpoint) {
    Health health = endpoints.get(endpoint);
    return health == null || health.ejectedUntilNanos - nanoTicker.getAsLong() <= 0;
  }

  /** The endpoint answered without failing. */
  public void recordSuccess(E endpoint) {
    Health health = endpoints.get(endpoint);
    if (health != null) {
      health.consecutiveFailures.set(0);
    }
  }

  /**
   * The endpoint failed (5xx, connect failure, reset or timeout).
   *
   * @return whether this failure ejected it
   */
  public boolean recordFailure(E endpoint) {
    Health health = endpoints.get(endpoint);
    if (health == null || !isAvailable(endpoint)) {
      return false;
    }
    if (health.consecutiveFailures.incrementAndGet() < consecutive5xx) {
      return false;
    }
    return tryEject(health);
  }

  private synchronized boolean tryEject(Health health) {
    long now = nanoTicker.getAsLong();
    if (health.ejectedUntilNanos - now > 0 || !ejectionAllowed(now)) {
      return false;
    }
    long healthy = now - health.ejectedUntilNanos;
    long decayed = health.ejections == 0 ? 0 : Math.max(0, health.ejections - healthy / baseNanos);
    health.ejections = decayed + 1;
    long duration =
        health.ejections > maxNanos / baseNanos ? maxNanos : baseNanos * health.ejections;
    health.ejectedUntilNanos = now + Math.min(duration, maxNanos);
    health.consecutiveFailures.set(0);
    ejections.increment();
    return true;
  }

  /** Ejections since creation, for the ejection metric. */
  public long ejections() {
    return ejections.sum();
  }

  private boolean ejectionAllowed(long now) {
    if (maxEjectionPercent == 0) {
      return false;
    }
    int ejected = ejectedCount(now);
    return ejected == 0 || (ejected + 1) * 100L <= (long) maxEjectionPercent * endpoints.size();
  }

  /** Endpoints ejected right now. */
  public int ejectedCount() {
    return ejectedCount(nanoTicker.getAsLong());
  }

  private int ejectedCount(long now) {
    int ejected = 0;
    for (Health health : endpoints.values()) {
      if (health.ejectedUntilNanos - now > 0) {
        ejected++;
      }
    }
    return ejected;
  }

  /** Per-endpoint state: the failure streak is hot, the ejection fields change under the lock. */
  private final class Health {
    final AtomicInteger consecutiveFailures = new AtomicInteger();
    volatile long ejectedUntilNanos = nanoTicker.getAsLong();
    long ejections;
  }
}
