package io.mcpedge.core.config;

/**
 * A local token-bucket limit on a route.
 *
 * @param requestsPerSecond refill rate
 * @param burst bucket capacity (defaults to {@code requestsPerSecond})
 * @param key what a bucket is kept per
 * @param header the header whose value keys the bucket when {@code key} is {@link
 *     RateLimitKey#HEADER}; otherwise {@code null}
 */
public record RateLimitConfig(
    long requestsPerSecond, long burst, RateLimitKey key, String header) {}
