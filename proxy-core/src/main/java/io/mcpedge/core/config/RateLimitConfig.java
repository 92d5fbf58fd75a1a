package io.mcpedge.core.config;

/**
 * A token-bucket limit on a route.
 *
 * @param requestsPerSecond refill rate
 * @param burst bucket capacity (defaults to {@code requestsPerSecond})
 * @param key what a bucket is kept per
 * @param header the header whose value keys the bucket when {@code key} is {@link
 *     RateLimitKey#HEADER}; otherwise {@code null}
 * @param scope whether the buckets live in this process or in the shared Redis
 * @param fallback what a global limit does while Redis cannot be asked
 * @param fallbackRequestsPerSecond the rate of {@link RateLimitFallback#LOCAL_SHARE}; 0 means the
 *     limit divided by the live replicas
 */
public record RateLimitConfig(
    long requestsPerSecond,
    long burst,
    RateLimitKey key,
    String header,
    RateLimitScope scope,
    RateLimitFallback fallback,
    long fallbackRequestsPerSecond) {

  /** A local limit. */
  public RateLimitConfig(long requestsPerSecond, long burst, RateLimitKey key, String header) {
    this(
        requestsPerSecond,
        burst,
        key,
        header,
        RateLimitScope.LOCAL,
        RateLimitFallback.LOCAL_SHARE,
        0);
  }

  public boolean global() {
    return scope == RateLimitScope.GLOBAL;
  }
}
