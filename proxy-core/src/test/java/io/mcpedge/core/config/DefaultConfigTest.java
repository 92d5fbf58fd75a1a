package io.mcpedge.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The built-in config is the seed's values.yaml made safe; these are its promises. */
class DefaultConfigTest {

  static EdgeConfig config() throws ConfigException {
    return ConfigLoader.loadDefault(Map.of());
  }

  static RouteConfig route(String name) throws ConfigException {
    return config().routes().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void textIsTheCommentedResource() {
    String text = ConfigLoader.defaultConfigText();
    assertThat(text).startsWith("# mcp-edge built-in configuration");
    assertThat(text).contains("${EDGE_UPSTREAM:-http://127.0.0.1:4444}");
  }

  @Test
  void listensWhereTheEnvironmentSays() throws ConfigException {
    EdgeConfig c =
        ConfigLoader.loadDefault(
            Map.of(
                "EDGE_LISTEN", "127.0.0.1:18080",
                "EDGE_ADMIN", "127.0.0.1:19901",
                "EDGE_UPSTREAM", "http://mcp-stack-gateway:4444",
                "EDGE_ADMIN_TOKEN", "s3cret"));
    assertThat(c.listeners().get(0).address()).isEqualTo(new HostPort("127.0.0.1", 18080));
    assertThat(c.admin()).isEqualTo(new AdminConfig(new HostPort("127.0.0.1", 19901), "s3cret"));
    assertThat(c.upstream("gateway").endpoints())
        .containsExactly(new EndpointAddress("http", "mcp-stack-gateway", 4444));
  }

  @Test
  void defaultsMatchTheSeed() throws ConfigException {
    EdgeConfig c = config();
    assertThat(c.listeners().get(0).address()).isEqualTo(new HostPort("0.0.0.0", 8080));
    assertThat(c.admin()).isEqualTo(new AdminConfig(new HostPort("0.0.0.0", 9901), null));
    UpstreamConfig u = c.upstream("gateway");
    assertThat(u.endpoints()).containsExactly(new EndpointAddress("http", "127.0.0.1", 4444));
    assertThat(u.protocol()).isEqualTo(UpstreamProtocol.HTTP1);
    assertThat(u.circuitBreaker().maxConnections()).isEqualTo(4096);
    assertThat(u.circuitBreaker().maxPendingRequests()).isEqualTo(4096);
    assertThat(u.circuitBreaker().maxRequests()).isEqualTo(4096);
    assertThat(u.circuitBreaker().failure()).isNotNull();
    assertThat(u.outlierDetection()).isNotNull();
    assertThat(u.retry().numRetries()).isEqualTo(2);
    assertThat(u.retry().retryOn())
        .isEqualTo(Set.of(RetryOn.FIVE_XX, RetryOn.RESET, RetryOn.CONNECT_FAILURE));
    assertThat(u.retry().budgetPercent()).isEqualTo(20);
    assertThat(c.routes())
        .extracting(RouteConfig::name)
        .containsExactly(
            "health",
            "ready",
            "internal-denied",
            "sse",
            "mcp",
            "websocket",
            "admin-events",
            "message",
            "servers-writes",
            "tools-writes",
            "gateways-writes",
            "resources-writes",
            "prompts-writes",
            "admin",
            "static-assets",
            "well-known",
            "api-reads",
            "default");
  }

  @ParameterizedTest
  @CsvSource({
    "health, 5s, OFF, 0s, SHARED, none",
    "ready, 5s, OFF, 0s, SHARED, none",
    "sse, 3600s, OFF, 0s, SHARED, 3000",
    "mcp, 3600s, OFF, 0s, SHARED, 3000",
    "websocket, 3600s, OFF, 0s, SHARED, 3000",
    "admin-events, 3600s, OFF, 0s, SHARED, 3000",
    "message, 60s, OFF, 0s, SHARED, 3000",
    "admin, 60s, OFF, 0s, SHARED, 3000",
    "servers-writes, 60s, OFF, 0s, SHARED, 3000",
    "tools-writes, 60s, OFF, 0s, SHARED, 3000",
    "gateways-writes, 60s, OFF, 0s, SHARED, 3000",
    "resources-writes, 60s, OFF, 0s, SHARED, 3000",
    "prompts-writes, 60s, OFF, 0s, SHARED, 3000",
    "static-assets, 60s, OVERRIDE, 30d, PUBLIC, 3000",
    "well-known, 60s, RFC9111, 0s, SHARED, 3000",
    "api-reads, 60s, OVERRIDE, 5m, PER_CREDENTIAL, 3000",
    "default, 60s, OFF, 0s, SHARED, 3000"
  })
  void routePolicies(
      String name, String timeout, CacheMode mode, String ttl, CacheScope scope, String rate)
      throws ConfigException {
    RouteConfig r = route(name);
    assertThat(r.timeouts().request()).isEqualTo(Durations.parse(timeout));
    assertThat(r.cache().mode()).isEqualTo(mode);
    assertThat(r.cache().ttl()).isEqualTo(Durations.parse(ttl));
    assertThat(r.cache().scope()).isEqualTo(scope);
    assertThat(r.rateLimit() == null ? "none" : Long.toString(r.rateLimit().requestsPerSecond()))
        .isEqualTo(rate);
    assertThat(r.upstream()).isEqualTo("gateway");
  }

  @Test
  void mcpListsAreKeptByTtlMsOrFiveMinutesPerCredential() throws ConfigException {
    McpCacheConfig m = route("mcp").cache().mcp();
    assertThat(m.methods())
        .containsExactlyInAnyOrder("tools/list", "prompts/list", "resources/list");
    for (String method : m.methods()) {
      assertThat(m.defaultTtl(method)).as(method).isEqualTo(Duration.ofMinutes(5));
    }
    assertThat(route("mcp").mcp().verify()).isTrue();
    assertThat(route("sse").cache().mcp()).isNull();
  }

  @Test
  void limitsAreFairPerCredentialUnderTheRouteCeiling() throws ConfigException {
    RateLimitConfig ceiling = new RateLimitConfig(3000, 3000, RateLimitKey.ROUTE, null);
    RateLimitConfig perCredential = new RateLimitConfig(100, 100, RateLimitKey.CREDENTIAL, null);
    for (String name :
        List.of(
            "sse",
            "mcp",
            "websocket",
            "admin-events",
            "message",
            "servers-writes",
            "tools-writes",
            "gateways-writes",
            "resources-writes",
            "prompts-writes",
            "admin",
            "api-reads",
            "default")) {
      assertThat(route(name).rateLimits()).as(name).containsExactly(ceiling, perCredential);
    }
    for (String name : List.of("static-assets", "well-known")) {
      assertThat(route(name).rateLimits()).as(name).containsExactly(ceiling);
    }
  }

  @Test
  void internalPathsAreDeniedAtTheEdge() throws ConfigException {
    RouteConfig r = route("internal-denied");
    assertThat(r.upstream()).isNull();
    assertThat(r.directResponse()).isEqualTo(new DirectResponseConfig(403, "forbidden\n"));
  }

  @Test
  void cachedApiReadsAreReadsOnly() throws ConfigException {
    assertThat(route("api-reads").match().methods()).isEqualTo(Set.of("GET", "HEAD"));
    assertThat(route("static-assets").match().methods()).isEqualTo(Set.of("GET", "HEAD"));
    assertThat(route("api-reads").cache().ttl()).isEqualTo(Duration.ofMinutes(5));
  }

  @ParameterizedTest
  @CsvSource({
    "servers-writes, /servers /v1/servers",
    "tools-writes, /tools /v1/tools",
    "gateways-writes, /gateways /v1/gateways /tools /v1/tools /resources /v1/resources /prompts"
        + " /v1/prompts",
    "resources-writes, /resources /v1/resources",
    "prompts-writes, /prompts /v1/prompts"
  })
  void writesToAnEntityKindInvalidateItsReads(String name, String prefixes) throws ConfigException {
    RouteConfig r = route(name);
    assertThat(r.match().methods()).isEqualTo(Set.of("POST", "PUT", "PATCH", "DELETE"));
    assertThat(r.cache().invalidates())
        .extracting(PathMatch::value)
        .containsExactly(prefixes.split(" "));
    assertThat(r.cache().invalidates())
        .extracting(PathMatch::type)
        .containsOnly(MatchType.PATH_PREFIX);
  }
}
