package io.mcpedge.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The route's {@code mcp} section, the {@code match.mcp} condition and the MCP limit keys. */
@Timeout(10)
class McpConfigTest {

  private static String route(String lines) {
    return ConfigLoaderTest.LISTENERS
        + ConfigLoaderTest.UPSTREAMS
        + "routes:\n  - name: mcp\n    upstream: gateway\n"
        + lines;
  }

  @Test
  void anMcpSectionVerifiesByDefault() throws Exception {
    RouteConfig r = ConfigLoaderTest.parse(route("    mcp: {}\n")).routes().get(0);
    assertThat(r.mcp()).isEqualTo(new McpRouteConfig(true, Set.of()));
    RouteConfig plain = ConfigLoaderTest.parse(ConfigLoaderTest.MINIMAL).routes().get(0);
    assertThat(plain.mcp()).isNull();
    assertThat(plain.match().mcp()).isEqualTo(McpMatch.ANY);
  }

  @Test
  void readsEveryKey() throws Exception {
    RouteConfig r =
        ConfigLoaderTest.parse(
                route(
                    "    mcp: { verify: false, metricNames: [search, fetch] }\n"
                        + "    match: { mcp: { methods: [tools/call], names: [search] } }\n"
                        + "    rateLimit: { requestsPerSecond: 5, key: credential+mcpName }\n"))
            .routes()
            .get(0);
    assertThat(r.mcp()).isEqualTo(new McpRouteConfig(false, Set.of("search", "fetch")));
    assertThat(r.match().mcp()).isEqualTo(new McpMatch(Set.of("tools/call"), Set.of("search")));
    assertThat(r.rateLimit().key()).isEqualTo(RateLimitKey.CREDENTIAL_MCP_NAME);
  }

  @Test
  void reportsEveryMistakeWithItsPath() {
    assertThat(
            ConfigLoaderTest.problems(
                route(
                    "    mcp: { verify: maybe, cache: {} }\n"
                        + "    match: { mcp: { methods: [tools/call, tools/call], names: [\"\"] } }\n"),
                Map.of()))
        .containsExactlyInAnyOrder(
            "edge.yaml: routes[0].mcp.cache: unknown key (expected: one of [verify, metricNames])",
            "edge.yaml: routes[0].mcp.verify: \"maybe\" (expected: true or false)",
            "edge.yaml: routes[0].match.mcp.methods[1]: \"tools/call\" (expected: each name once)",
            "edge.yaml: routes[0].match.mcp.names[0]: \"\" (expected: a non-empty name)");
    assertThat(ConfigLoaderTest.problems(route("    match: { mcp: {} }\n"), Map.of()))
        .containsExactly(
            "edge.yaml: routes[0].match.mcp: {} (expected: methods or names, at least one of"
                + " them non-empty)");
    assertThat(
            ConfigLoaderTest.problems(
                route("    rateLimit: { requestsPerSecond: 5, key: mcpName }\n"), Map.of()))
        .containsExactly(
            "edge.yaml: routes[0].rateLimit.key: \"mcpName\" (expected: an MCP key only on a route"
                + " with an mcp section)");
  }
}
