package io.mcpedge.core.policy.ratelimit;

/**
 * Decides whether one request may pass a route's rate limit, without waiting and without queueing.
 *
 * <p>The interface exists so that the exchange filter does not know where the buckets live: the
 * process-local {@link LocalRateLimiter} today, a shared store (bucket4j over Redis) for {@code
 * scope: global} later. Implementations are thread-safe and never block the calling event loop.
 */
public interface RateLimiter {

  /**
   * Takes one token from the bucket of {@code key}.
   *
   * @param key what the bucket is kept per, already extracted by the caller: the client address, a
   *     hash of the credential, or the value of the configured header; ignored by limiters keyed
   *     per route. {@code null} (no such value on the request) selects one shared bucket.
   * @return the decision, with the values for {@code Retry-After}, {@code RateLimit} and {@code
   *     RateLimit-Policy}
   */
  RateLimitDecision tryAcquire(String key);

  /** The quota this limiter enforces, for the {@code RateLimit-Policy} header. */
  RateLimitQuota quota();

  /** Requests rejected since this limiter was built, for the rejection metric. */
  long rejections();
}
