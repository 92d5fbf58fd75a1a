package io.mcpedge.core.config;

import static io.mcpedge.core.config.ConfigLoaderTest.parse;
import static io.mcpedge.core.config.ConfigLoaderTest.problems;
import static io.mcpedge.core.config.ConfigLoaderTest.route;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code cache.overrideStatuses} and {@code cache.invalidates} of a route. */
@Timeout(10)
class CacheRulesConfigTest {

  @Test
  void overrideAppliesToTheAnswersEverybodyExpectsCachedByDefault() throws ConfigException {
    RouteCacheConfig c =
        parse(route("cache: { mode: override, ttl: 5m, scope: public }")).routes().get(0).cache();
    assertThat(c.overrideStatuses()).containsExactlyInAnyOrder(200, 203, 204, 300);
  }

  @Test
  void overrideStatusesMayAddRedirects() throws ConfigException {
    RouteCacheConfig c =
        parse(
                route(
                    "cache: { mode: override, ttl: 5m, scope: public, overrideStatuses: [200,"
                        + " 301, 308] }"))
            .routes()
            .get(0)
            .cache();
    assertThat(c.overrideStatuses()).isEqualTo(Set.of(200, 301, 308));
  }

  @Test
  void invalidatesTakesPathMatchesOnAnyMode() throws ConfigException {
    RouteCacheConfig writes =
        parse(
                route(
                    """
                    cache:
                      invalidates:
                        - { type: PathPrefix, value: /servers }
                        - { type: Exact, value: /v1/servers }
                        - { type: RegularExpression, value: "^/tools$" }
                    """))
            .routes()
            .get(0)
            .cache();
    assertThat(writes.mode()).isEqualTo(CacheMode.OFF);
    assertThat(writes.invalidates())
        .containsExactly(
            new PathMatch(MatchType.PATH_PREFIX, "/servers"),
            new PathMatch(MatchType.EXACT, "/v1/servers"),
            new PathMatch(MatchType.REGULAR_EXPRESSION, "^/tools$"));
    RouteCacheConfig cached =
        parse(route("cache: { mode: rfc9111, invalidates: [ { type: PathPrefix, value: /a } ] }"))
            .routes()
            .get(0)
            .cache();
    assertThat(cached.invalidates()).containsExactly(new PathMatch(MatchType.PATH_PREFIX, "/a"));
    assertThat(parse(route("cache: { mode: off, invalidates: [] }")).routes().get(0).cache())
        .isEqualTo(RouteCacheConfig.OFF);
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of(
            "cache: { mode: override, ttl: 5m, scope: public, overrideStatuses: [200, 403] }",
            "edge.yaml: routes[0].cache.overrideStatuses[1]: 403 (expected: one of [200, 203, 204,"
                + " 300, 301, 302, 307, 308]; 401, 403, 407 and 5xx depend on the caller or the"
                + " origin's health and are never stored under override)"),
        Arguments.of(
            "cache: { mode: override, ttl: 5m, scope: public, overrideStatuses: [503] }",
            "edge.yaml: routes[0].cache.overrideStatuses[0]: 503 (expected: one of [200, 203, 204,"
                + " 300, 301, 302, 307, 308]; 401, 403, 407 and 5xx depend on the caller or the"
                + " origin's health and are never stored under override)"),
        Arguments.of(
            "cache: { mode: override, ttl: 5m, scope: public, overrideStatuses: [404] }",
            "edge.yaml: routes[0].cache.overrideStatuses[0]: 404 (expected: not listed; 404 and"
                + " 410 are stored through negativeTtl)"),
        Arguments.of(
            "cache: { mode: override, ttl: 5m, scope: public, overrideStatuses: [ok] }",
            "edge.yaml: routes[0].cache.overrideStatuses[0]: \"ok\" (expected: an integer)"),
        Arguments.of(
            "cache: { mode: rfc9111, overrideStatuses: [200] }",
            "edge.yaml: routes[0].cache.overrideStatuses: a list (expected: only with mode"
                + " override)"),
        Arguments.of(
            "cache: { invalidates: [ /servers ] }",
            "edge.yaml: routes[0].cache.invalidates[0]: \"/servers\" (expected: a path match such"
                + " as {type: PathPrefix, value: /servers})"),
        Arguments.of(
            "cache: { invalidates: [ { type: PathPrefix } ] }",
            "edge.yaml: routes[0].cache.invalidates[0].value: missing (expected: a path, or a"
                + " regular expression for type RegularExpression)"),
        Arguments.of(
            "cache: { invalidates: [ { type: Prefix, value: /a } ] }",
            "edge.yaml: routes[0].cache.invalidates[0].type: \"Prefix\" (expected: one of [Exact,"
                + " PathPrefix, RegularExpression])"),
        Arguments.of(
            "cache: { invalidates: [ { type: RegularExpression, value: \"^/(a\" } ] }",
            "edge.yaml: routes[0].cache.invalidates[0].value: \"^/(a\" (expected: a valid Java"
                + " regular expression (Unclosed group near index 4))"),
        Arguments.of(
            "cache: { invalidates: { type: PathPrefix, value: /a } }",
            "edge.yaml: routes[0].cache.invalidates: a mapping (expected: a list of path matches"
                + " ({type, value}))"));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void badValuesNameTheirYamlPath(String cache, String expected) {
    assertThat(problems(route(cache), Map.of())).contains(expected);
  }

  @Test
  void everyBadEntryIsReportedAtOnce() {
    List<String> p =
        problems(
            route(
                "cache: { mode: override, ttl: 5m, scope: public, overrideStatuses: [401, 500],"
                    + " invalidates: [ { value: a } ] }"),
            Map.of());
    assertThat(p).hasSize(3);
  }
}
