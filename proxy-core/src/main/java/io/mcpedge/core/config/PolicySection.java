package io.mcpedge.core.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the traffic-policy blocks: circuit breakers, outlier detection, retries and rate limits.
 * Defaults follow Envoy's where Envoy has one, so that users who know Envoy meet no surprises.
 */
final class PolicySection {

  static final List<String> BREAKER_KEYS =
      List.of("maxConnections", "maxPendingRequests", "maxRequests", "failure");
  static final List<String> FAILURE_KEYS =
      List.of(
          "failureRatePercent",
          "slidingWindow",
          "minimumCalls",
          "openFor",
          "halfOpenProbes",
          "perEndpoint");
  static final List<String> OUTLIER_KEYS =
      List.of("consecutive5xx", "baseEjectionTime", "maxEjectionTime", "maxEjectionPercent");
  static final List<String> RETRY_KEYS =
      List.of(
          "numRetries",
          "retryOn",
          "retriableStatusCodes",
          "perTryTimeout",
          "backoffBase",
          "backoffMax",
          "budgetPercent",
          "minRetryConcurrency");
  static final List<String> RATE_LIMIT_KEYS =
      List.of(
          "requestsPerSecond",
          "burst",
          "key",
          "header",
          "scope",
          "fallback",
          "fallbackRequestsPerSecond");

  private static final int MAX = Integer.MAX_VALUE;

  private PolicySection() {}

  static CircuitBreakerConfig circuitBreaker(Node node) {
    Fields f = Fields.of(node, "a mapping with keys " + BREAKER_KEYS, BREAKER_KEYS);
    return new CircuitBreakerConfig(
        f.integer("maxConnections", 1024, 1, MAX),
        f.integer("maxPendingRequests", 1024, 1, MAX),
        f.integer("maxRequests", 1024, 1, MAX),
        failure(f.child("failure")));
  }

  /** The failure-rate breaker, or {@code null} when absent; {@code failure: {}} takes defaults. */
  static FailureBreakerConfig failure(Node node) {
    Fields f = Fields.of(node, "a mapping with keys " + FAILURE_KEYS, FAILURE_KEYS);
    if (!f.present()) {
      return null;
    }
    int window = f.integer("slidingWindow", 100, 1, 100_000);
    int minimum = f.integer("minimumCalls", 20, 1, 100_000);
    if (minimum > window) {
      f.child("minimumCalls").problem("at most slidingWindow, " + window);
    }
    return new FailureBreakerConfig(
        f.integer("failureRatePercent", 50, 1, 100),
        window,
        minimum,
        f.duration("openFor", Duration.ofSeconds(10), Scalars.Bound.POSITIVE),
        f.integer("halfOpenProbes", 5, 1, 10_000),
        f.bool("perEndpoint", false));
  }

  /** Outlier detection, or {@code null} when absent. */
  static OutlierDetectionConfig outlierDetection(Node node) {
    Fields f = Fields.of(node, "a mapping with keys " + OUTLIER_KEYS, OUTLIER_KEYS);
    if (!f.present()) {
      return null;
    }
    Duration base = f.duration("baseEjectionTime", Duration.ofSeconds(30), Scalars.Bound.POSITIVE);
    Duration max = f.duration("maxEjectionTime", Duration.ofSeconds(300), Scalars.Bound.POSITIVE);
    if (max.compareTo(base) < 0) {
      f.child("maxEjectionTime").problem("at least baseEjectionTime");
    }
    return new OutlierDetectionConfig(
        f.integer("consecutive5xx", 5, 1, 10_000), base, max, f.percent("maxEjectionPercent", 10));
  }

  /** A retry policy, or {@code null} when absent; {@code retry: {}} takes defaults. */
  static RetryConfig retry(Node node) {
    Fields f = Fields.of(node, "a mapping with keys " + RETRY_KEYS, RETRY_KEYS);
    if (!f.present()) {
      return null;
    }
    Set<RetryOn> on = retryOn(f);
    Set<Integer> codes = new LinkedHashSet<>();
    for (Node e : f.child("retriableStatusCodes").elements("a list of status codes")) {
      Long code = Scalars.integer(e, 100, 599);
      if (code != null) {
        codes.add(code.intValue());
      }
    }
    boolean byCode = on.contains(RetryOn.RETRIABLE_STATUS_CODES);
    if (byCode && codes.isEmpty()) {
      Node n = f.child("retriableStatusCodes");
      if (n.present()) {
        n.problem("at least one status code, since retryOn has retriable-status-codes");
      } else {
        n.missing("a list of status codes, since retryOn has retriable-status-codes");
      }
    } else if (!byCode && f.has("retriableStatusCodes")) {
      f.child("retriableStatusCodes").problem("only with retryOn retriable-status-codes");
    }
    Duration base = f.duration("backoffBase", Duration.ofMillis(25), Scalars.Bound.POSITIVE);
    Duration max = f.duration("backoffMax", base.multipliedBy(10), Scalars.Bound.POSITIVE);
    if (max.compareTo(base) < 0) {
      f.child("backoffMax").problem("at least backoffBase");
    }
    return new RetryConfig(
        f.integer("numRetries", 1, 0, 10),
        on,
        codes,
        f.duration("perTryTimeout", null, Scalars.Bound.POSITIVE),
        base,
        max,
        f.percent("budgetPercent", 20),
        f.integer("minRetryConcurrency", 3, 0, MAX));
  }

  private static Set<RetryOn> retryOn(Fields f) {
    Node list = f.child("retryOn");
    if (!list.present()) {
      return EnumSet.of(RetryOn.FIVE_XX, RetryOn.RESET, RetryOn.CONNECT_FAILURE);
    }
    Set<RetryOn> on = EnumSet.noneOf(RetryOn.class);
    for (Node e : list.elements("a list of " + Spelling.RETRY_ON.names())) {
      RetryOn r = Scalars.choice(e, Spelling.RETRY_ON);
      if (r != null && !on.add(r)) {
        e.problem("each trigger once");
      }
    }
    return on;
  }

  /**
   * A route's rate limits: one mapping, or a list of them that must all admit a request; empty when
   * absent.
   */
  static List<RateLimitConfig> rateLimits(Node node) {
    if (!node.present()) {
      return List.of();
    }
    if (!node.isList()) {
      RateLimitConfig one = rateLimit(node);
      return one == null ? List.of() : List.of(one);
    }
    List<RateLimitConfig> out = new ArrayList<>();
    for (Node e : node.elements("a rate limit or a list of rate limits")) {
      RateLimitConfig limit = rateLimit(e);
      if (limit != null) {
        out.add(limit);
      }
    }
    return out;
  }

  /** One rate limit, or {@code null} when absent. */
  static RateLimitConfig rateLimit(Node node) {
    Fields f = Fields.of(node, "a mapping with keys " + RATE_LIMIT_KEYS, RATE_LIMIT_KEYS);
    if (!f.present()) {
      return null;
    }
    Node rps = f.required("requestsPerSecond", "a rate > 0");
    Long rate = rps == null ? null : Scalars.integer(rps, 1, 1_000_000_000L);
    long r = rate == null ? 1 : rate;
    RateLimitKey key = f.choice("key", RateLimitKey.ROUTE, Spelling.RATE_LIMIT_KEY);
    String header = null;
    if (key == RateLimitKey.HEADER) {
      Node h = f.required("header", "a header name, since key is header");
      header = h == null ? null : Scalars.headerName(h);
    } else if (f.has("header")) {
      f.child("header").problem("only with key header");
    }
    RateLimitScope scope = f.choice("scope", RateLimitScope.LOCAL, Spelling.RATE_LIMIT_SCOPE);
    RateLimitFallback fallback =
        f.choice("fallback", RateLimitFallback.LOCAL_SHARE, Spelling.RATE_LIMIT_FALLBACK);
    long share = f.integer("fallbackRequestsPerSecond", 0L, 1, 1_000_000_000L);
    if (scope == RateLimitScope.LOCAL) {
      for (String k : List.of("fallback", "fallbackRequestsPerSecond")) {
        if (f.has(k)) {
          f.child(k).problem("only with scope global");
        }
      }
    } else if (share > 0 && fallback != RateLimitFallback.LOCAL_SHARE) {
      f.child("fallbackRequestsPerSecond").problem("only with fallback localShare");
    }
    return new RateLimitConfig(
        r, f.integer("burst", r, 1, 1_000_000_000L), key, header, scope, fallback, share);
  }
}
