package io.mcpedge.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.mcpedge.core.config.CacheMode;
import io.mcpedge.core.config.EdgeConfig;
import io.mcpedge.core.config.RouteConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The edge.yaml inside every rendered ConfigMap is loaded by the proxy's own config loader, so the
 * chart cannot render a file the proxy refuses. (ConfigCheckIT runs the jar's {@code --check} on
 * the same files, heap check included.)
 */
@Timeout(60)
class RenderedConfigTest {

  /**
   * The renderings whose keys this build of the proxy knows: the edge example terminates TLS at the
   * proxy, so it is loaded here without TLS and in {@link #theEdgeExampleWithTlsLoads} as it is.
   */
  static Stream<String> renderings() {
    return Renderings.names();
  }

  static Map<String, String> withoutPendingKeys(String name) {
    return name.equals("edge.yaml") ? Map.of("edge.tls.enabled", "false") : Map.of();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renderings")
  void everyRenderedEdgeYamlLoads(String name) {
    Rendered r = Chart.render(Renderings.valuesFile(name), withoutPendingKeys(name));
    for (ConfigMap cm : r.all(ConfigMap.class)) {
      if (cm.getData().containsKey("edge.yaml")) {
        EdgeConfig cfg = EdgeYaml.load(cm.getData().get("edge.yaml"));
        assertThat(cfg.routes()).extracting(RouteConfig::name).contains("health", "default");
      }
    }
  }

  @Test
  void theSeedsValuesBecomeTheProxysSettings() {
    Rendered r = Chart.render(Chart.EXAMPLES.resolve("sidecar.yaml"));
    EdgeConfig cfg = EdgeYaml.load(r.edgeYaml());
    var gateway = cfg.upstreams().get(0);
    assertThat(gateway.endpoints()).singleElement().hasToString("http://127.0.0.1:4444");
    assertThat(gateway.circuitBreaker().maxConnections()).isEqualTo(4096);
    assertThat(gateway.circuitBreaker().maxPendingRequests()).isEqualTo(4096);
    assertThat(gateway.circuitBreaker().maxRequests()).isEqualTo(4096);
    assertThat(cfg.cache().maxSize().bytes()).isEqualTo(128L << 20);
    RouteConfig reads = route(cfg, "api-reads");
    assertThat(reads.rateLimit().requestsPerSecond()).isEqualTo(3000);
    assertThat(reads.cache().mode()).isEqualTo(CacheMode.OVERRIDE);
    assertThat(reads.cache().ttl()).hasMinutes(5);
    assertThat(route(cfg, "static-assets").cache().ttl()).hasDays(30);
  }

  @Test
  void withTheTrafficPolicyOffNothingIsLimitedOrBroken() {
    EdgeConfig cfg =
        EdgeYaml.load(Chart.render(null, Map.of("edge.trafficPolicy.enabled", "false")).edgeYaml());
    assertThat(cfg.routes()).allSatisfy(r -> assertThat(r.rateLimit()).isNull());
    assertThat(cfg.upstreams().get(0).retry()).isNull();
  }

  @Test
  void aHeadlessUpstreamIsBalancedAndHashedPerPod() {
    Rendered r =
        Chart.render(
            null,
            Map.of(
                "edge.upstream.headless.enabled", "true",
                "edge.upstream.headless.selector.app", "mcp-stack-gateway"));
    EdgeConfig cfg = EdgeYaml.load(r.edgeYaml());
    var gateway = cfg.upstreams().get(0);
    assertThat(gateway.endpoints())
        .singleElement()
        .hasToString("http://demo-mcp-edge-gateway-headless.mcp.svc.cluster.local:4444");
    assertThat(gateway.loadBalancer().policy().name()).isEqualTo("CONSISTENT_HASH");
    io.fabric8.kubernetes.api.model.Service headless =
        r.named(io.fabric8.kubernetes.api.model.Service.class, "demo-mcp-edge-gateway-headless");
    assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(headless.getSpec().getSelector()).containsEntry("app", "mcp-stack-gateway");
  }

  @Test
  void limitsAreFairPerCredentialAndLocalWithoutRedis() {
    EdgeConfig cfg = EdgeYaml.load(Chart.render(null, Map.of()).edgeYaml());
    assertThat(cfg.redis()).isNull();
    assertThat(route(cfg, "default").rateLimits())
        .extracting(l -> l.requestsPerSecond() + "/" + l.key() + "/" + l.scope())
        .containsExactly("3000/ROUTE/LOCAL", "100/CREDENTIAL/LOCAL");
  }

  @Test
  void redisMakesTheLimitsGlobalWithThePasswordFromTheSecret() {
    Rendered r =
        Chart.render(
            null,
            Map.of(
                "edge.redis.enabled", "true",
                "edge.redis.address", "redis://demo-redis:6379",
                "edge.redis.passwordSecret.name", "demo-redis"));
    String yaml = r.edgeYaml();
    EdgeConfig cfg = EdgeYaml.load(yaml, Map.of("REDIS_PASSWORD", "from-the-secret"));
    assertThat(cfg.redis().address()).hasToString("redis://demo-redis:6379");
    assertThat(cfg.redis().password().env()).isEqualTo("REDIS_PASSWORD");
    assertThat(cfg.redis().password().secret()).isEqualTo("from-the-secret");
    assertThat(route(cfg, "default").rateLimits())
        .extracting(l -> l.requestsPerSecond() + "/" + l.key() + "/" + l.scope())
        .containsExactly("3000/ROUTE/GLOBAL", "100/CREDENTIAL/GLOBAL");
    // The ConfigMap names the variable; the password itself reaches only the pod's environment.
    assertThat(yaml)
        .contains("password: { env: REDIS_PASSWORD }")
        .doesNotContain("from-the-secret");
    var env =
        r.all(io.fabric8.kubernetes.api.model.apps.Deployment.class)
            .get(0)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getEnv();
    assertThat(env)
        .filteredOn(e -> e.getName().equals("REDIS_PASSWORD"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getValue()).isNull();
              assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("demo-redis");
              assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("redis-password");
            });
  }

  @Test
  void anyKeyCanBeSetThroughTheEscapeHatch() {
    EdgeConfig cfg =
        EdgeYaml.load(
            Chart.render(
                    null,
                    Map.of(
                        "edge.config.server.maxHeaderSize", "128Ki",
                        "edge.config.cache.credentialHeader", "X-Api-Key"))
                .edgeYaml());
    assertThat(cfg.server().maxHeaderSize().bytes()).isEqualTo(128 * 1024);
    assertThat(cfg.cache().credentialHeader()).isEqualToIgnoringCase("X-Api-Key");
    assertThat(cfg.routes()).extracting(RouteConfig::name).contains("health", "default");
  }

  @Test
  void extraRoutesComeBeforeTheBuiltInOnes(@TempDir Path dir) throws Exception {
    Path values =
        Files.writeString(
            dir.resolve("values.yaml"),
            """
            edge:
              routes:
                extra:
                  - name: tenant-tools
                    match: { path: { type: Exact, value: /tenants/acme/tools } }
                    upstream: gateway
                    timeouts: { request: 10s }
            """);
    EdgeConfig cfg = EdgeYaml.load(Chart.render(values).edgeYaml());
    assertThat(cfg.routes()).extracting(RouteConfig::name).startsWith("tenant-tools", "health");
    assertThat(cfg.routes().get(0).timeouts().request()).hasSeconds(10);
  }

  /** The TLS listener reads the certificate and key where the Secret is mounted. */
  @Test
  void theEdgeExampleWithTlsLoads() {
    EdgeConfig cfg = EdgeYaml.load(Chart.render(Chart.EXAMPLES.resolve("edge.yaml")).edgeYaml());
    assertThat(cfg.listeners()).extracting(l -> l.name()).containsExactly("http", "https");
    var cert = cfg.listeners().get(1).tls().certificates().get(0);
    assertThat(cert.certFile()).isEqualTo("/etc/mcp-edge/tls/tls.crt");
    assertThat(cert.keyFile()).isEqualTo("/etc/mcp-edge/tls/tls.key");
  }

  /** The seed's otel.host and otel.port become the proxy's OTLP endpoint. */
  @Test
  void anOtelEnabledRenderingLoads() {
    EdgeConfig cfg =
        EdgeYaml.load(Chart.render(null, Map.of("edge.otel.enabled", "true")).edgeYaml());
    assertThat(cfg.observability().tracing().enabled()).isTrue();
    assertThat(cfg.observability().tracing().endpoint()).hasToString("http://otel-collector:4317/");
  }

  private static RouteConfig route(EdgeConfig cfg, String name) {
    return cfg.routes().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
  }
}
