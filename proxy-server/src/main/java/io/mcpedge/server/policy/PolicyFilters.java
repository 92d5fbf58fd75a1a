package io.mcpedge.server.policy;

import io.mcpedge.core.config.RateLimitConfig;
import io.mcpedge.core.config.RateLimitKey;
import io.mcpedge.core.config.RetryConfig;
import io.mcpedge.core.config.RouteConfig;
import io.mcpedge.core.credential.Credential;
import io.mcpedge.core.policy.ratelimit.LocalRateLimiter;
import io.mcpedge.core.policy.retry.RetryBudget;
import io.mcpedge.server.exchange.ExchangeFilter;
import io.mcpedge.server.mcp.HeaderCheck;
import io.mcpedge.server.mcp.McpVerifyFilter;
import io.mcpedge.server.redis.SharedRedis;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Builds the policy filters of a route from its config, so that the server's chain assembly only
 * places them (the order is {@link io.mcpedge.server.route.RouteChains}'s). A route without a
 * policy gets no filter for it.
 */
public final class PolicyFilters {

  private final RejectionCounters rejections;
  private final LongSupplier nanoTime;
  private final RandomGenerator random;
  private final Credential credential;
  private final RetryCounters retries;
  private final SharedRedis redis;
  private final FallbackCounters fallbacks;

  public PolicyFilters(
      RejectionCounters rejections,
      LongSupplier nanoTime,
      RandomGenerator random,
      Credential credential) {
    this(rejections, new RetryCounters(), nanoTime, random, credential);
  }

  /**
   * @param retries counts the retries of every route
   * @param credential the edge's credential, for {@code key: credential} and the names of buckets
   */
  public PolicyFilters(
      RejectionCounters rejections,
      RetryCounters retries,
      LongSupplier nanoTime,
      RandomGenerator random,
      Credential credential) {
    this(rejections, retries, nanoTime, random, credential, null, new FallbackCounters());
  }

  /**
   * @param redis the shared Redis of {@code scope: global} limits; {@code null} without a {@code
   *     redis} section (the loader refuses global limits then)
   * @param fallbacks counts the global limits' decisions made without Redis
   */
  public PolicyFilters(
      RejectionCounters rejections,
      RetryCounters retries,
      LongSupplier nanoTime,
      RandomGenerator random,
      Credential credential,
      SharedRedis redis,
      FallbackCounters fallbacks) {
    this.redis = redis;
    this.fallbacks = fallbacks;
    this.rejections = rejections;
    this.nanoTime = nanoTime;
    this.random = random;
    this.credential = credential;
    this.retries = retries;
  }

  /**
   * The route's rate-limit filter, or {@code null} when it has no {@code rateLimit}. Keyed limits
   * are asked before route-wide ones, so that a client refused by its own limit does not use up the
   * route's budget that other clients share.
   */
  public ExchangeFilter rateLimit(RouteConfig route) {
    List<RateLimitConfig> configs = route.rateLimits();
    if (configs.isEmpty()) {
      return null;
    }
    if (configs.size() == 1 && !configs.get(0).global()) {
      return new RateLimitFilter(
          new LocalRateLimiter(route.name(), configs.get(0), nanoTime),
          RateLimitKeys.extractor(configs.get(0), credential),
          rejections);
    }
    List<RateLimitFilter.Limit> keyed = new ArrayList<>();
    List<RateLimitFilter.Limit> routeWide = new ArrayList<>();
    for (int i = 0; i < configs.size(); i++) {
      RateLimitConfig c = configs.get(i);
      String name = i == 0 ? route.name() : route.name() + "." + i;
      RateLimitFilter.Limit limit =
          c.global()
              ? new RateLimitFilter.Limit(
                  null,
                  new GlobalRateLimiter(name, c, redis, nanoTime, fallbacks.forRoute(route.name())),
                  RateLimitKeys.extractor(c, credential))
              : new RateLimitFilter.Limit(
                  new LocalRateLimiter(name, c, nanoTime),
                  null,
                  RateLimitKeys.extractor(c, credential));
      (c.key() == RateLimitKey.ROUTE ? routeWide : keyed).add(limit);
    }
    keyed.addAll(routeWide);
    return new RateLimitFilter(keyed, rejections);
  }

  /**
   * The route's MCP envelope check, or {@code null} when the route has no {@code mcp} section or
   * does not verify.
   *
   * @param maxBody the largest body read ({@code server.maxRequestBodyBuffer})
   */
  public ExchangeFilter mcpVerify(RouteConfig route, long maxBody) {
    if (route.mcp() == null || !route.mcp().verify()) {
      return null;
    }
    return new McpVerifyFilter(
        maxBody,
        (ex, code) ->
            rejections.reject(
                ex,
                code == HeaderCheck.HEADER_MISMATCH
                    ? RejectionReason.MCP_HEADER_MISMATCH
                    : RejectionReason.MCP_INVALID));
  }

  /**
   * The route's retry filter, or {@code null} when neither the route nor its upstream retries. A
   * route's own {@code retry} replaces the upstream's and has its own budget; routes that use the
   * upstream's settings share the upstream's budget.
   */
  public ExchangeFilter retry(RouteConfig route, UpstreamPolicy upstream) {
    RetryConfig config = route.retry();
    RetryBudget budget;
    if (config != null) {
      budget = new RetryBudget(config);
    } else {
      config = upstream.upstreamRetry();
      budget = upstream.retryBudget();
    }
    if (config == null || config.numRetries() == 0) {
      return null;
    }
    return new RetryFilter(config, budget, random, rejections, retries.forRoute(route.name()));
  }
}
