package io.mcpedge.cache;

/**
 * The freshness facts of a stored response, fixed when it is stored or revalidated.
 *
 * <p>All times are epoch milliseconds from the injected clock; durations are milliseconds.
 *
 * @param responseTime when the response was received (RFC 9111 §4.2.3 {@code response_time})
 * @param correctedInitialAge §4.2.3 {@code corrected_initial_age}
 * @param freshnessLifetime §4.2.1 freshness lifetime
 * @param staleWhileRevalidate how long after expiry the entry may be served while it is refreshed
 *     (RFC 5861 §3 plus the route's setting)
 * @param staleIfError how long after expiry the entry may be served when the upstream fails (RFC
 *     5861 §4 plus the route's grace)
 * @param alwaysRevalidate response {@code no-cache} (§5.2.2.4): never served without validation
 * @param neverStale {@code must-revalidate}, {@code proxy-revalidate} or {@code s-maxage}
 *     (§5.2.2.2, §5.2.2.8, §5.2.2.10): never served stale
 */
public record Timing(
    long responseTime,
    long correctedInitialAge,
    long freshnessLifetime,
    long staleWhileRevalidate,
    long staleIfError,
    boolean alwaysRevalidate,
    boolean neverStale) {

  /** §4.2.3 {@code current_age}. */
  public long currentAge(long now) {
    return correctedInitialAge + Math.max(0, now - responseTime);
  }

  /** Freshness lifetime minus current age; negative once stale. */
  public long remaining(long now) {
    return freshnessLifetime - currentAge(now);
  }

  /** §4.2: fresh while the lifetime exceeds the current age. */
  public boolean isFresh(long now) {
    return remaining(now) > 0;
  }

  /** How long this entry is worth keeping: until every stale window has closed. */
  long usefulFor(long now, long staleRetention) {
    long windows = Math.max(staleRetention, Math.max(staleWhileRevalidate, staleIfError));
    return Math.max(0, remaining(now) + windows);
  }
}
