package io.mcpedge.server.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpedge.core.config.ConfigLoader;
import io.mcpedge.core.config.EdgeConfig;
import io.mcpedge.core.route.Route;
import io.mcpedge.server.EdgeServer;
import io.mcpedge.server.channel.Transport;
import io.mcpedge.server.exchange.FilterChain;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The order of the filters in every kind of chain that {@link RouteChains} builds from one config:
 * a proxied route with every policy, with the cache off, with none; a WebSocket handshake on a
 * proxied route; a direct answer, for ordinary requests and handshakes alike.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RouteChainsTest {

  private static final String YAML =
      """
      listeners:
        - name: http
          address: 127.0.0.1:0
      admin:
        address: 127.0.0.1:0
      server:
        ioThreads: 1
      upstreams:
        - name: origin
          endpoints: ["http://127.0.0.1:9"]
          retry: { numRetries: 1, backoffBase: 1ms }
      routes:
        - name: full
          match: { path: { type: PathPrefix, value: /full } }
          upstream: origin
          rateLimit: { requestsPerSecond: 5 }
          cache: { mode: rfc9111 }
          stream: { sseKeepalive: 15s }
        - name: uncached
          match: { path: { type: PathPrefix, value: /uncached } }
          upstream: origin
          rateLimit: { requestsPerSecond: 5 }
        - name: plain
          match: { path: { type: PathPrefix, value: /plain } }
          upstream: origin
          retry: { numRetries: 0 }
        - name: denied
          match: { path: { type: PathPrefix, value: /denied } }
          rateLimit: { requestsPerSecond: 5 }
          directResponse: { status: 403, body: "no" }
      """;

  private EdgeServer server;
  private RouteTableSnapshot routes;

  @BeforeEach
  void build() throws Exception {
    EdgeConfig config = ConfigLoader.parse(YAML, "test.yaml", Map.of());
    server = new EdgeServer(config, Transport.select(true), System::nanoTime);
    routes = server.routes();
  }

  @AfterEach
  void close() {
    server.close();
  }

  private Route route(String name) {
    return routes.table().routes().stream()
        .filter(r -> r.config().name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static List<String> names(FilterChain chain) {
    return Stream.concat(
            chain.filters().stream().map(f -> f.getClass().getSimpleName()),
            Stream.of(chain.terminal().getClass().getSimpleName()))
        .toList();
  }

  @Test
  void aProxiedRouteWithEveryPolicy() {
    assertThat(names(routes.chain(route("full"))))
        .containsExactly(
            "RepeatedCredentialFilter",
            "EdgeSecurityFilter",
            "SseKeepaliveFilter",
            "RateLimitFilter",
            "CacheInvalidationFilter",
            "CacheFilter",
            "HeaderHygieneFilter",
            "RetryFilter",
            "UpstreamStage");
  }

  @Test
  void aProxiedRouteWithTheCacheOff() {
    assertThat(names(routes.chain(route("uncached"))))
        .containsExactly(
            "RepeatedCredentialFilter",
            "EdgeSecurityFilter",
            "RateLimitFilter",
            "CacheInvalidationFilter",
            "HeaderHygieneFilter",
            "RetryFilter",
            "UpstreamStage");
  }

  @Test
  void aProxiedRouteWithoutPolicies() {
    assertThat(names(routes.chain(route("plain"))))
        .containsExactly(
            "RepeatedCredentialFilter",
            "EdgeSecurityFilter",
            "CacheInvalidationFilter",
            "HeaderHygieneFilter",
            "UpstreamStage");
  }

  @Test
  void aWebSocketHandshakeKeepsTheSameOrderWithoutCacheOrRetry() {
    assertThat(names(routes.upgradeChain(route("full"))))
        .containsExactly(
            "RepeatedCredentialFilter",
            "EdgeSecurityFilter",
            "RateLimitFilter",
            "HeaderHygieneFilter",
            "UpstreamStage");
    assertThat(names(routes.upgradeChain(route("plain"))))
        .containsExactly(
            "RepeatedCredentialFilter",
            "EdgeSecurityFilter",
            "HeaderHygieneFilter",
            "UpstreamStage");
  }

  @Test
  void aDirectAnswerIsRateLimitedThenAnswered() {
    assertThat(names(routes.chain(route("denied"))))
        .containsExactly("RepeatedCredentialFilter", "RateLimitFilter", "DirectResponseStage");
    assertThat(routes.upgradeChain(route("denied"))).isSameAs(routes.chain(route("denied")));
  }
}
