package io.mcpedge.core.config;

import static io.mcpedge.core.config.ConfigLoaderTest.parse;
import static io.mcpedge.core.config.ConfigLoaderTest.problems;
import static io.mcpedge.core.config.ConfigLoaderTest.route;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A route's {@code cache.mcp}: the MCP result cache. */
@Timeout(10)
class McpCacheConfigTest {

  private static final String VERIFY = "mcp: { verify: true }\n";

  private static RouteCacheConfig cache(String yaml) throws ConfigException {
    return parse(route(VERIFY + yaml)).routes().get(0).cache();
  }

  @Test
  void absentMeansNoMcpCache() throws ConfigException {
    assertThat(cache("cache: { mode: rfc9111 }").mcp()).isNull();
    assertThat(cache("cache: { mcp: false }").mcp()).isNull();
  }

  @Test
  void trueKeepsEveryCacheableMethodByItsTtlMsWithTheHttpCacheOff() throws ConfigException {
    RouteCacheConfig c = cache("cache: { mcp: true }");
    assertThat(c.mode()).isEqualTo(CacheMode.OFF);
    assertThat(c.mcp().methods()).isEqualTo(Set.copyOf(McpCacheConfig.CACHEABLE));
    assertThat(c.mcp().defaultTtl()).isEmpty();
  }

  @Test
  void methodsAndDefaultTtlsAreRead() throws ConfigException {
    McpCacheConfig m =
        cache(
                """
                cache:
                  mcp:
                    methods: [tools/list, prompts/list]
                    defaultTtl: { tools/list: 5m }
                """)
            .mcp();
    assertThat(m.methods()).containsExactlyInAnyOrder("tools/list", "prompts/list");
    assertThat(m.defaultTtl()).isEqualTo(Map.of("tools/list", Duration.ofMinutes(5)));
    assertThat(m.caches("resources/read")).isFalse();
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of(
            "cache: { mcp: { methods: [tools/call] } }",
            "edge.yaml: routes[0].cache.mcp.methods[0]: \"tools/call\" (expected: one of"
                + " [server/discover, tools/list, prompts/list, resources/list,"
                + " resources/templates/list, resources/read])"),
        Arguments.of(
            "cache: { mcp: { methods: [] } }",
            "edge.yaml: routes[0].cache.mcp.methods: [] (expected: at least one method, or mcp:"
                + " false)"),
        Arguments.of(
            "cache: { mcp: { defaultTtl: { tools/list: -5s } } }",
            "edge.yaml: routes[0].cache.mcp.defaultTtl.tools/list: -5s (expected: a positive"
                + " duration)"),
        Arguments.of(
            "cache: { mcp: { methods: [tools/list], defaultTtl: { prompts/list: 5m } } }",
            "edge.yaml: routes[0].cache.mcp.defaultTtl.prompts/list: \"5m\" (expected: a duration"
                + " for one of the cached methods [tools/list])"),
        Arguments.of(
            "cache: { mcp: { ttl: 5m } }",
            "edge.yaml: routes[0].cache.mcp.ttl: unknown key (expected: one of [methods,"
                + " defaultTtl])"));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void invalidMcpCachesNameThePathAndTheExpectation(String yaml, String problem) {
    assertThat(problems(route(VERIFY + yaml), Map.of())).contains(problem);
  }

  @Test
  void anMcpCacheNeedsARouteThatVerifiesTheBody() {
    String expected =
        "edge.yaml: routes[0].cache.mcp: true (expected: only on a route with mcp: {verify: true},"
            + " which reads the method and parameters the results are keyed on)";
    assertThat(problems(route("cache: { mcp: true }"), Map.of())).containsExactly(expected);
    assertThat(problems(route("mcp: { verify: false }\ncache: { mcp: true }"), Map.of()))
        .containsExactly(expected);
  }

  @Test
  void theSixCacheableMethodsAreThoseOfTheSpec() {
    assertThat(McpCacheConfig.CACHEABLE)
        .isEqualTo(
            List.of(
                "server/discover",
                "tools/list",
                "prompts/list",
                "resources/list",
                "resources/templates/list",
                "resources/read"));
  }
}
