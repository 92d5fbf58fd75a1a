package io.mcpedge.server.metrics;

import io.mcpedge.core.config.RouteConfig;
import io.mcpedge.server.policy.RejectionCounters;
import io.mcpedge.server.policy.RejectionReason;
import io.mcpedge.server.policy.RetryCounters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.Locale;

/**
 * The route policies' counts, read from the counters the policies keep ({@link RejectionCounters},
 * {@link RetryCounters}) when scraped, so that nothing is counted twice: {@code 429}s by route and
 * the kind of key the route limits by, the other refusals by route and reason (open breaker, each
 * overload threshold, the retry budget), and the retries each route sent.
 */
public final class PolicyMetrics {

  static final String RATE_LIMITED = "edge.ratelimit.rejections";
  static final String REJECTIONS = "edge.policy.rejections";
  static final String RETRIES = "edge.retries";

  private PolicyMetrics() {}

  /**
   * Registers the meters of every route in {@code routes}, at start and after each reload; a meter
   * registered before (a route the reload kept) is the one the registry keeps.
   */
  public static void register(
      MeterRegistry registry,
      Collection<RouteConfig> routes,
      RejectionCounters rejections,
      RetryCounters retries) {
    for (RouteConfig r : routes) {
      String route = r.name();
      if (r.rateLimit() != null) {
        FunctionCounter.builder(
                RATE_LIMITED, rejections, c -> c.count(route, RejectionReason.RATE_LIMITED))
            .description("Requests the route's rate limit answered with 429")
            .tag("route", route)
            .tag("key", r.rateLimit().key().name().toLowerCase(Locale.ROOT))
            .register(registry);
      }
      for (RejectionReason reason : RejectionReason.values()) {
        if (reason != RejectionReason.RATE_LIMITED) {
          FunctionCounter.builder(REJECTIONS, rejections, c -> c.count(route, reason))
              .description("Requests or retries a traffic policy refused, by reason")
              .tag("route", route)
              .tag("reason", reason.label())
              .register(registry);
        }
      }
      FunctionCounter.builder(RETRIES, retries, c -> c.count(route))
          .description("Retries the route sent upstream")
          .tag("route", route)
          .register(registry);
    }
  }
}
