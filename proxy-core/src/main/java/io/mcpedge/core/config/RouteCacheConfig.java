package io.mcpedge.core.config;

import java.time.Duration;

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
 * @param negativeTtl how long a 404 is stored when the origin gives no freshness; zero for never
 * @param heuristic allow RFC 9111 §4.2.2 heuristic freshness for responses without explicit
 *     freshness
 */
public record RouteCacheConfig(
    CacheMode mode,
    Duration ttl,
    CacheScope scope,
    Duration staleWhileRevalidate,
    Duration staleIfError,
    Duration negativeTtl,
    boolean heuristic) {

  public static final RouteCacheConfig OFF =
      new RouteCacheConfig(
          CacheMode.OFF,
          Duration.ZERO,
          CacheScope.SHARED,
          Duration.ZERO,
          Duration.ZERO,
          Duration.ZERO,
          false);
}
