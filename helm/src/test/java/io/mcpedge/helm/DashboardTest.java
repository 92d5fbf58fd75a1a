package io.mcpedge.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

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
        .anyMatch(t -> t.startsWith("Circuit breakers"))
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

  /** Every panel's query is valid PromQL: promtool (installed by the build) checks it as a rule. */
  @Test
  void everyQueryIsValidPromQl(@TempDir Path dir) throws Exception {
    Rendered r = Chart.render(null, Map.of("monitoring.dashboard.enabled", "true"));
    JsonNode dashboard =
        new ObjectMapper()
            .readTree(
                r.named(ConfigMap.class, "demo-mcp-edge-dashboard").getData().get("mcp-edge.json"));
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
    int n = 0;
    for (JsonNode panel : dashboard.get("panels")) {
      for (JsonNode target : panel.get("targets")) {
        String expr =
            target.get("expr").asText().replace("$__rate_interval", "5m").replace("$job", ".*");
        rules
            .append("      - record: dashboard:q")
            .append(n++)
            .append("\n        expr: '")
            .append(expr.replace("'", "''"))
            .append("'\n");
      }
    }
    Path file = Files.writeString(dir.resolve("rules.yaml"), rules);
    Process p =
        new ProcessBuilder("promtool", "check", "rules", file.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("SUCCESS: " + n + " rules found");
  }

  @Test
  void offByDefault() {
    assertThat(Chart.render(null).all(ConfigMap.class)).hasSize(1);
  }
}
