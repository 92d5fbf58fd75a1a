package io.mcpedge.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The cache policy of one route.
 *
 * @param ttl {@link CacheMode#OVERRIDE} only: the forced time to live
 * @param scope who may be served a stored entry; {@link CacheMode#OVERRIDE} requires {@link
 *     CacheScope#PER_CREDENTIAL} unless {@link CacheScope#PUBLIC} is declared
 * @param staleWhileRevalidate serve a stale entry for this long while refreshing it in the
 *     background (added to what the origin's {@code stale-while-revalidate} allows); zero for none
 * @param staleIfError (grace) serve a stale entry for this long when the upstream fails; zero for
 *     none
 * @param negativeTtl how long a 404 or 410 is stored when the origin gives no freshness (in {@link
 *     CacheMode#OVERRIDE}: whatever the origin says); zero for never
 * @param heuristic allow RFC 9111 §4.2.2 heuristic freshness for responses without explicit
 *     freshness
 * @param overrideStatuses {@link CacheMode#OVERRIDE} only: the statuses the forced TTL applies to;
 *     any other answer is passed on and not stored, so that an error never sticks for the TTL
 * @param invalidates path matches whose stored entries (every credential, every variant, the same
 *     host) a successful unsafe request on this route drops, beside its own URI (RFC 9111 §4.4);
 *     allowed whatever the mode
 * @param mcp the MCP result cache of the route, or {@code null} when it keeps no MCP results;
 *     independent of {@code mode}, which is about HTTP responses
 */
public record RouteCacheConfig(
    CacheMode mode,
    Duration ttl,
    CacheScope scope,
    Duration staleWhileRevalidate,
    Duration staleIfError,
    Duration negativeTtl,
    boolean heuristic,
    Set<Integer> overrideStatuses,
    List<PathMatch> invalidates,
    McpCacheConfig mcp) {

  /**
   * The answers a user expects a forced TTL to keep: 200, 203, 204 and 300. Redirects only when
   * listed; 404 and 410 only through {@code negativeTtl}; never 401, 403, 407 or 5xx.
   */
  public static final Set<Integer> DEFAULT_OVERRIDE_STATUSES = Set.of(200, 203, 204, 300);

  public static final RouteCacheConfig OFF =
      new RouteCacheConfig(
          CacheMode.OFF,
          Duration.ZERO,
          CacheScope.SHARED,
          Duration.ZERO,
          Duration.ZERO,
          Duration.ZERO,
          false);

  public RouteCacheConfig {
    overrideStatuses = Set.copyOf(overrideStatuses);
    invalidates = List.copyOf(invalidates);
  }

  /** A policy without an MCP result cache. */
  public RouteCacheConfig(
      CacheMode mode,
      Duration ttl,
      CacheScope scope,
      Duration staleWhileRevalidate,
      Duration staleIfError,
      Duration negativeTtl,
      boolean heuristic,
      Set<Integer> overrideStatuses,
      List<PathMatch> invalidates) {
    this(
        mode,
        ttl,
        scope,
        staleWhileRevalidate,
        staleIfError,
        negativeTtl,
        heuristic,
        overrideStatuses,
        invalidates,
        null);
  }

  /** A policy with the default override statuses and no extra invalidation. */
  public RouteCacheConfig(
      CacheMode mode,
      Duration ttl,
      CacheScope scope,
      Duration staleWhileRevalidate,
      Duration staleIfError,
      Duration negativeTtl,
      boolean heuristic) {
    this(
        mode,
        ttl,
        scope,
        staleWhileRevalidate,
        staleIfError,
        negativeTtl,
        heuristic,
        DEFAULT_OVERRIDE_STATUSES,
        List.of());
  }

  /** The same policy with {@code invalidates} instead of this one's. */
  public RouteCacheConfig withInvalidates(List<PathMatch> paths) {
    return new RouteCacheConfig(
        mode,
        ttl,
        scope,
        staleWhileRevalidate,
        staleIfError,
        negativeTtl,
        heuristic,
        overrideStatuses,
        paths,
        mcp);
  }

  /** The same policy with {@code config} as its MCP result cache ({@code null} for none). */
  public RouteCacheConfig withMcp(McpCacheConfig config) {
    return new RouteCacheConfig(
        mode,
        ttl,
        scope,
        staleWhileRevalidate,
        staleIfError,
        negativeTtl,
        heuristic,
        overrideStatuses,
        invalidates,
        config);
  }
}
