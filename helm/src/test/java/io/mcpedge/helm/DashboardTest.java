package io.mcpedge.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Grafana dashboard: a ConfigMap Grafana's sidecar picks up, with the panels operators need.
 */
@Timeout(60)
class DashboardTest {

  @Test
  void theDashboardIsALabelledConfigMapWithTheOperatorsPanels() throws Exception {
    Rendered r = Chart.render(null, Map.of("monitoring.dashboard.enabled", "true"));
    ConfigMap cm = r.named(ConfigMap.class, "demo-mcp-edge-dashboard");
    assertThat(cm.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    JsonNode dashboard = new ObjectMapper().readTree(cm.getData().get("mcp-edge.json"));
    List<String> titles = new ArrayList<>();
    dashboard.get("panels").forEach(p -> titles.add(p.get("title").asText()));
    assertThat(titles)
        .anyMatch(t -> t.startsWith("Request rate"))
        .anyMatch(t -> t.startsWith("Cache hit ratio"))
        .anyMatch(t -> t.startsWith("429"))
        .anyMatch(t -> t.startsWith("Circuit breaker state"))
        .anyMatch(t -> t.startsWith("Upstream latency"))
        .anyMatch(t -> t.startsWith("Streams open"));
    dashboard
        .get("panels")
        .forEach(
            p ->
                assertThat(p.get("targets"))
                    .isNotEmpty()
                    .allSatisfy(t -> assertThat(t.get("expr").asText()).isNotBlank()));
  }

  @Test
  void offByDefault() {
    assertThat(Chart.render(null).all(ConfigMap.class)).hasSize(1);
  }
}
