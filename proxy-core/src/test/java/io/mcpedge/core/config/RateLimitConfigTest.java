package io.mcpedge.core.config;

import static io.mcpedge.core.config.ConfigLoaderTest.LISTENERS;
import static io.mcpedge.core.config.ConfigLoaderTest.UPSTREAMS;
import static io.mcpedge.core.config.ConfigLoaderTest.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code routes[].rateLimit}: one mapping (the form before lists) or a list of limits; {@code
 * scope: global} with its fallback only where a {@code redis} section gives the buckets a home.
 */
class RateLimitConfigTest {

  private static final String REDIS = "redis: { address: 'redis://127.0.0.1:6379' }\n";

  private static RouteConfig route(String rateLimit, String redis) throws ConfigException {
    String yaml =
        LISTENERS
            + UPSTREAMS
            + redis
            + "routes: [{name: tools, upstream: gateway, rateLimit: "
            + rateLimit
            + "}]\n";
    return ConfigLoader.parse(yaml, "edge.yaml", Map.of()).routes().get(0);
  }

  @Test
  void oneMappingIsOneLocalLimit() throws ConfigException {
    RouteConfig r = route("{ requestsPerSecond: 10 }", "");
    assertThat(r.rateLimit()).isEqualTo(new RateLimitConfig(10, 10, RateLimitKey.ROUTE, null));
    assertThat(r.rateLimit().scope()).isEqualTo(RateLimitScope.LOCAL);
    assertThat(r.rateLimits()).containsExactly(r.rateLimit());
  }

  @Test
  void aListIsSeveralLimitsInOrder() throws ConfigException {
    RouteConfig r =
        route(
            "[ { requestsPerSecond: 3000, scope: global },"
                + " { requestsPerSecond: 100, key: credential, scope: global, fallback: closed } ]",
            REDIS);
    assertThat(r.rateLimits())
        .containsExactly(
            new RateLimitConfig(
                3000,
                3000,
                RateLimitKey.ROUTE,
                null,
                RateLimitScope.GLOBAL,
                RateLimitFallback.LOCAL_SHARE,
                0),
            new RateLimitConfig(
                100,
                100,
                RateLimitKey.CREDENTIAL,
                null,
                RateLimitScope.GLOBAL,
                RateLimitFallback.CLOSED,
                0));
    assertThat(r.rateLimit()).isEqualTo(r.rateLimits().get(0));
    assertThat(r.moreRateLimits()).hasSize(1);
  }

  @Test
  void aConfiguredShare() throws ConfigException {
    RouteConfig r =
        route("{ requestsPerSecond: 3000, scope: global, fallbackRequestsPerSecond: 500 }", REDIS);
    assertThat(r.rateLimit().fallbackRequestsPerSecond()).isEqualTo(500);
  }

  @Test
  void noLimitIsAnEmptyList() throws ConfigException {
    String yaml = LISTENERS + UPSTREAMS + "routes: [{name: tools, upstream: gateway}]\n";
    RouteConfig r = ConfigLoader.parse(yaml, "edge.yaml", Map.of()).routes().get(0);
    assertThat(r.rateLimit()).isNull();
    assertThat(r.rateLimits()).isEmpty();
  }

  static Stream<Arguments> mistakes() {
    return Stream.of(
        Arguments.of(
            "{ requestsPerSecond: 10, scope: global }",
            "",
            "edge.yaml: routes[0].rateLimit.scope: \"global\" (expected: local, or a top-level"
                + " redis section for global limits to live in)"),
        Arguments.of(
            "[ { requestsPerSecond: 10 }, { requestsPerSecond: 1, key: credential, scope: global"
                + " } ]",
            "",
            "edge.yaml: routes[0].rateLimit[1].scope: \"global\" (expected: local, or a top-level"
                + " redis section for global limits to live in)"),
        Arguments.of(
            "{ requestsPerSecond: 10, scope: everywhere }",
            REDIS,
            "edge.yaml: routes[0].rateLimit.scope: \"everywhere\" (expected: one of [local,"
                + " global])"),
        Arguments.of(
            "{ requestsPerSecond: 10, fallback: open }",
            REDIS,
            "edge.yaml: routes[0].rateLimit.fallback: \"open\" (expected: only with scope global)"),
        Arguments.of(
            "{ requestsPerSecond: 10, scope: global, fallback: open, fallbackRequestsPerSecond: 5"
                + " }",
            REDIS,
            "edge.yaml: routes[0].rateLimit.fallbackRequestsPerSecond: 5 (expected: only with"
                + " fallback localShare)"),
        Arguments.of(
            "[ { requestsPerSecond: 10 }, 7 ]",
            REDIS,
            "edge.yaml: routes[0].rateLimit[1]: 7 (expected: a mapping with keys "
                + PolicySection.RATE_LIMIT_KEYS
                + ")"));
  }

  @ParameterizedTest
  @MethodSource("mistakes")
  void mistakesNameTheLimit(String rateLimit, String redis, String problem) {
    String yaml =
        LISTENERS
            + UPSTREAMS
            + redis
            + "routes: [{name: tools, upstream: gateway, rateLimit: "
            + rateLimit
            + "}]\n";
    assertThat(problems(yaml, Map.of())).contains(problem);
  }

  @Test
  void theListFormKeepsEveryLimit() throws ConfigException {
    assertThat(route("[ { requestsPerSecond: 1 }, { requestsPerSecond: 2 } ]", "").rateLimits())
        .extracting(RateLimitConfig::requestsPerSecond)
        .isEqualTo(List.of(1L, 2L));
  }
}
