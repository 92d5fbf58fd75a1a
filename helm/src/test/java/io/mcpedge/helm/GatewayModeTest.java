package io.mcpedge.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Listener;
import io.mcpedge.core.config.EdgeConfig;
import io.mcpedge.core.config.RouteConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * gateway mode (helm/examples/gateway.yaml): a Gateway API Gateway and HTTPRoute with the seed's
 * per-route timeouts in front of the proxy's Service, and the proxy holding the same timeouts.
 */
@Timeout(60)
class GatewayModeTest {

  private final Rendered r = Chart.render(Chart.EXAMPLES.resolve("gateway.yaml"));

  @Test
  void theHttpRouteHasTheSeedsTimeoutsPerRoute() {
    HTTPRoute route = r.one(HTTPRoute.class);
    Map<String, String> timeouts = new LinkedHashMap<>();
    for (HTTPRouteRule rule : route.getSpec().getRules()) {
      assertThat(rule.getMatches()).hasSize(1);
      var path = rule.getMatches().get(0).getPath();
      timeouts.put(path.getType() + " " + path.getValue(), rule.getTimeouts().getRequest());
    }
    // The seed's: health 5 s, SSE and WebSocket an hour, the rest 60 s; and the gateway's own
    // streams (/sse, /mcp, /ws, /admin/events), which the seed's rules would cut after 60 s.
    assertThat(timeouts)
        .containsExactly(
            Map.entry("Exact /health", "5s"),
            Map.entry("Exact /ready", "5s"),
            Map.entry("RegularExpression ^/(servers/[^/]+/)?(sse|mcp/?|ws)$", "3600s"),
            Map.entry("Exact /admin/events", "3600s"),
            Map.entry("PathPrefix /", "60s"));
    assertThat(route.getSpec().getHostnames()).containsExactly("mcp.example.com");
  }

  @Test
  void everyRuleSendsToTheProxysHttpPort() {
    HTTPRoute route = r.one(HTTPRoute.class);
    Service service = r.named(Service.class, Chart.RELEASE + "-mcp-edge");
    int http = ChartRenderTest.servicePort(service, "http").getPort();
    assertThat(route.getSpec().getRules())
        .allSatisfy(
            rule ->
                assertThat(rule.getBackendRefs())
                    .singleElement()
                    .satisfies(
                        b -> {
                          assertThat(b.getName()).isEqualTo(service.getMetadata().getName());
                          assertThat(b.getPort()).isEqualTo(http);
                        }));
    Gateway gateway = r.one(Gateway.class);
    assertThat(route.getSpec().getParentRefs())
        .singleElement()
        .satisfies(p -> assertThat(p.getName()).isEqualTo(gateway.getMetadata().getName()));
  }

  @Test
  void theGatewayEndsTlsWithTheSeedsSecretAndTheProxyDoesNot() {
    Gateway gateway = r.one(Gateway.class);
    assertThat(gateway.getSpec().getGatewayClassName()).isEqualTo("eg");
    Listener https =
        gateway.getSpec().getListeners().stream()
            .filter(l -> l.getName().equals("https"))
            .findFirst()
            .orElseThrow();
    assertThat(https.getProtocol()).isEqualTo("HTTPS");
    assertThat(https.getTls().getMode()).isEqualTo("Terminate");
    assertThat(https.getTls().getCertificateRefs())
        .singleElement()
        .satisfies(ref -> assertThat(ref.getName()).isEqualTo("mcp-gateway-tls"));
    assertThat(EdgeYaml.load(r.edgeYaml()).listeners())
        .extracting(l -> l.name())
        .containsExactly("http");
  }

  @Test
  void theProxyAppliesTheSameTimeoutsToTheSamePaths() {
    EdgeConfig cfg = EdgeYaml.load(r.edgeYaml());
    Map<String, Duration> byName = new LinkedHashMap<>();
    for (RouteConfig route : cfg.routes()) {
      if (route.timeouts() != null) {
        byName.put(route.name(), route.timeouts().request());
      }
    }
    assertThat(byName)
        .containsEntry("health", Duration.ofSeconds(5))
        .containsEntry("sse", Duration.ofHours(1))
        .containsEntry("mcp", Duration.ofHours(1))
        .containsEntry("websocket", Duration.ofHours(1))
        .containsEntry("admin-events", Duration.ofHours(1))
        .containsEntry("default", Duration.ofSeconds(60));
    assertThat(List.copyOf(byName.keySet())).last().isEqualTo("default");
  }
}
