package io.mcpedge.server.metrics;

import io.mcpedge.core.config.RateLimitConfig;
import io.mcpedge.core.config.RouteConfig;
import io.mcpedge.server.policy.FallbackCounters;
import io.mcpedge.server.redis.LiveReplicas;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;

/**
 * The meters of {@code scope: global} limits: per route, the decisions made without Redis (the
 * fallback); for the process, whether Redis answers and how many replicas share it.
 */
public final class RateLimitMetrics {

  static final String FALLBACKS = "edge.ratelimit.fallbacks";
  static final String REDIS_UP = "edge.redis.up";
  static final String REPLICAS = "edge.redis.replicas";

  private RateLimitMetrics() {}

  public static void register(
      MeterRegistry registry,
      Collection<RouteConfig> routes,
      FallbackCounters fallbacks,
      LiveReplicas replicas) {
    registerRoutes(registry, routes, fallbacks);
    Gauge.builder(REDIS_UP, replicas, l -> l.up() ? 1 : 0)
        .description("1 while the shared Redis answers, 0 while global limits fall back")
        .register(registry);
    Gauge.builder(REPLICAS, replicas, LiveReplicas::count)
        .description("Replicas seen alive in the shared Redis at the last heartbeat")
        .register(registry);
  }

  /**
   * The fallback counters of the routes in {@code routes} with a global limit; those registered
   * before (a route a reload kept) are left as they are.
   */
  public static void registerRoutes(
      MeterRegistry registry, Collection<RouteConfig> routes, FallbackCounters fallbacks) {
    for (RouteConfig r : routes) {
      if (r.rateLimits().stream().anyMatch(RateLimitConfig::global)) {
        String route = r.name();
        FunctionCounter.builder(FALLBACKS, fallbacks, c -> c.count(route))
            .description("Decisions of the route's global rate limits made without Redis")
            .tag("route", route)
            .register(registry);
      }
    }
  }
}
