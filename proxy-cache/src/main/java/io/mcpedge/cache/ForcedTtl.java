package io.mcpedge.cache;

import io.mcpedge.core.config.CacheMode;
import io.mcpedge.core.config.RouteCacheConfig;

/**
 * Which answers a {@link CacheMode#OVERRIDE} route keeps, and for how long.
 *
 * <p>A forced TTL is meant for the answers a user expects to be cached: the route's {@code
 * overrideStatuses} (200, 203, 204 and 300 unless configured), for the route's {@code ttl}; 404 and
 * 410 only for the route's {@code negativeTtl}. Everything else passes uncached: a stored 401 or
 * 403 would refuse a user who was just granted access for the whole TTL, a 5xx would outlive the
 * outage, and a 404 under {@code /static/} would outlive the deployment of the file.
 */
final class ForcedTtl {

  private ForcedTtl() {}

  /** Whether an override route stores an answer with {@code status}. */
  static boolean stores(RouteCacheConfig route, int status) {
    if (negative(status)) {
      return !route.negativeTtl().isZero();
    }
    return route.overrideStatuses().contains(status);
  }

  /** The forced freshness lifetime of a stored answer with {@code status}, in milliseconds. */
  static long lifetime(RouteCacheConfig route, int status) {
    return negative(status) ? route.negativeTtl().toMillis() : route.ttl().toMillis();
  }

  /** RFC 9110 §15.5.5, §15.5.11: the answers that say a resource is not there. */
  static boolean negative(int status) {
    return status == 404 || status == 410;
  }
}
