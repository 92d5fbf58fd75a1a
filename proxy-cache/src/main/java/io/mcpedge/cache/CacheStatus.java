package io.mcpedge.cache;

/**
 * Values of the response headers that report what the cache did: {@code Cache-Status} (RFC 9211)
 * and the seed's {@code X-Cache}.
 */
public final class CacheStatus {

  /** The cache's name in {@code Cache-Status}. */
  public static final String NAME = "mcp-edge";

  public static final String X_CACHE_HIT = "HIT";
  public static final String X_CACHE_MISS = "MISS";

  private CacheStatus() {}

  /** A hit; {@code ttlSeconds} is the remaining freshness, negative when served stale (§2.2). */
  public static String hit(long ttlSeconds) {
    return NAME + "; hit; ttl=" + ttlSeconds;
  }

  /** A hit served stale because the upstream failed. */
  public static String staleOnError(long ttlSeconds, int upstreamStatus) {
    String s = NAME + "; hit; ttl=" + ttlSeconds + "; detail=stale-if-error";
    return upstreamStatus > 0 ? s + "; fwd-status=" + upstreamStatus : s;
  }

  /**
   * A forwarded request (§2.3): {@code fwd} is one of {@code bypass}, {@code method}, {@code
   * uri-miss}, {@code vary-miss}, {@code miss}, {@code request}, {@code stale}, {@code partial}.
   */
  public static String forwarded(String fwd, int upstreamStatus, boolean stored) {
    StringBuilder sb = new StringBuilder(48).append(NAME).append("; fwd=").append(fwd);
    if (upstreamStatus > 0) {
      sb.append("; fwd-status=").append(upstreamStatus);
    }
    if (stored) {
      sb.append("; stored");
    }
    return sb.toString();
  }

  /** A follower that was answered from the entry its leader stored (§2.6 {@code collapsed}). */
  public static String collapsedHit(long ttlSeconds) {
    return NAME + "; hit; ttl=" + ttlSeconds + "; collapsed";
  }
}
