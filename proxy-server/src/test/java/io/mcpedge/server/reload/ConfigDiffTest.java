package io.mcpedge.server.reload;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpedge.core.config.ConfigLoader;
import io.mcpedge.core.config.EdgeConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a reload applies, keeps and reports as needing a restart. */
@Timeout(10)
class ConfigDiffTest {

  private static final String ROUTES =
      "upstreams:\n  - name: a\n    endpoints: [\"http://127.0.0.1:1\"]\n"
          + "routes:\n  - name: r\n    upstream: a\n";

  private static EdgeConfig config(String yaml) throws Exception {
    return ConfigLoader.parse(yaml, "edge.yaml", Map.of());
  }

  private static String listeners(String... nameAndAddress) {
    StringBuilder b = new StringBuilder("listeners:\n");
    for (int i = 0; i < nameAndAddress.length; i += 2) {
      b.append("  - name: ")
          .append(nameAndAddress[i])
          .append("\n    address: ")
          .append(nameAndAddress[i + 1])
          .append('\n');
    }
    return b.toString();
  }

  @Test
  void listenersAreKeptByNameAndAddressAndRenamedOnAFixedPort() throws Exception {
    EdgeConfig serving =
        config(
            listeners("a", "127.0.0.1:8081", "b", "127.0.0.1:8082", "c", "127.0.0.1:0") + ROUTES);
    EdgeConfig next =
        config(
            listeners("a", "127.0.0.1:8081", "renamed", "127.0.0.1:8082", "c", "127.0.0.1:8083")
                + ROUTES);

    Map<String, String> kept = new ConfigDiff(serving, next).keptListeners();

    assertThat(kept).containsExactly(Map.entry("a", "a"), Map.entry("renamed", "b"));
  }

  @Test
  void sectionsThatNeedARestartAreKeptAndNamed() throws Exception {
    EdgeConfig serving = config(listeners("a", "127.0.0.1:0") + ROUTES);
    EdgeConfig next =
        config(
            listeners("a", "127.0.0.1:0")
                + "admin:\n  address: 127.0.0.1:9999\nserver:\n  ioThreads: 3\n"
                + "cache:\n  maxSize: 1Mi\n  maxObjectSize: 1Ki\n"
                + ROUTES.replace("127.0.0.1:1", "127.0.0.1:2"));

    ConfigDiff diff = new ConfigDiff(serving, next);

    assertThat(diff.restartNeeded())
        .hasSize(3)
        .anyMatch(w -> w.startsWith("admin: changed, not applied (expected: a restart"))
        .anyMatch(w -> w.startsWith("server: changed"))
        .anyMatch(w -> w.startsWith("cache: changed"));
    EdgeConfig effective = diff.effective();
    assertThat(effective.admin()).isEqualTo(serving.admin());
    assertThat(effective.server()).isEqualTo(serving.server());
    assertThat(effective.cache()).isEqualTo(serving.cache());
    assertThat(effective.upstreams()).isEqualTo(next.upstreams());
    assertThat(diff.keepsUpstream(next.upstreams().get(0))).isFalse();
    assertThat(new ConfigDiff(serving, serving).keepsUpstream(serving.upstreams().get(0))).isTrue();
    assertThat(new ConfigDiff(serving, serving).restartNeeded()).isEmpty();
  }

  @Test
  void theStatusIsJsonWithEscapedProblems() {
    ReloadStatus s =
        ReloadStatus.started(java.time.Instant.parse("2026-12-07T10:00:00Z"))
            .failed(
                java.time.Instant.parse("2026-12-07T10:05:00Z"),
                "admin",
                java.util.List.of("edge.yaml: routes[0].upstream: \"x\\y\"\n"));

    com.fasterxml.jackson.databind.JsonNode json = parseJson(s.toJson());
    assertThat(s.toJson()).endsWith("}\n");
    assertThat(json.get("generation").asLong()).isEqualTo(1);
    assertThat(json.get("lastSuccess").asText()).isEqualTo("2026-12-07T10:00:00Z");
    assertThat(json.get("lastAttempt").asText()).isEqualTo("2026-12-07T10:05:00Z");
    assertThat(json.get("lastTrigger").asText()).isEqualTo("admin");
    assertThat(json.get("lastResult").asText()).isEqualTo("failure");
    assertThat(json.get("errors").get(0).asText())
        .isEqualTo("edge.yaml: routes[0].upstream: \"x\\y\"\n");
    assertThat(json.get("warnings").size()).isZero();
  }

  private static com.fasterxml.jackson.databind.JsonNode parseJson(String text) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }
}
