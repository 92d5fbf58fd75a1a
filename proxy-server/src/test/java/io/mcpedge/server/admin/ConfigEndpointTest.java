package io.mcpedge.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpedge.core.config.ConfigLoader;
import io.mcpedge.core.config.EdgeConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code GET /config}: the running config in edge.yaml's shape, its secrets masked. */
class ConfigEndpointTest {

  private static final String SECRET = "very-s3cret";

  private static JsonNode page(String yaml) throws Exception {
    EdgeConfig c = ConfigLoader.parse(yaml, "edge.yaml", Map.of("EDGE_ADMIN_TOKEN", SECRET));
    String body = new ConfigEndpoint(c).body();
    assertThat(body).doesNotContain(SECRET);
    return new ObjectMapper().readTree(body);
  }

  @Test
  void theAdminTokenAndHeaderValuesAreMaskedAndEverythingElseShown() throws Exception {
    JsonNode n =
        page(
            "listeners:\n  - name: http\n    address: 127.0.0.1:8080\n"
                + "admin: { address: 127.0.0.1:9901, token: \"${EDGE_ADMIN_TOKEN}\" }\n"
                + "upstreams:\n  - name: gw\n    endpoints: [\"http://127.0.0.1:4444\"]\n"
                + "    connectTimeout: 1500ms\n"
                + "routes:\n  - name: tenant\n"
                + "    match:\n      headers:\n        - { name: X-Api-Key, value: "
                + SECRET
                + " }\n"
                + "    upstream: gw\n"
                + "    timeouts: { request: 2m }\n"
                + "  - name: rest\n    upstream: gw\n");
    assertThat(n.at("/admin/token").asText()).isEqualTo(ConfigEndpoint.MASK);
    assertThat(n.at("/admin/address").asText()).isEqualTo("127.0.0.1:9901");
    JsonNode header = n.at("/routes/0/match/headers/0");
    assertThat(header.get("name").asText()).isEqualTo("X-Api-Key");
    assertThat(header.get("value").asText()).isEqualTo(ConfigEndpoint.MASK);
    assertThat(n.at("/upstreams/0/endpoints/0").asText()).isEqualTo("http://127.0.0.1:4444");
    assertThat(n.at("/upstreams/0/connectTimeout").asText()).isEqualTo("1500ms");
    assertThat(n.at("/routes/0/timeouts/request").asText()).isEqualTo("2m");
    assertThat(n.at("/cache/credentialHeader").asText()).isEqualTo("Authorization");
    assertThat(n.at("/observability/accessLog/enabled").asBoolean()).isTrue();
  }

  @Test
  void anUnsetTokenStaysNullSoThePageSaysThereIsNone() throws Exception {
    JsonNode n =
        page(
            "listeners:\n  - name: http\n    address: 127.0.0.1:8080\n"
                + "upstreams:\n  - name: gw\n    endpoints: [\"http://127.0.0.1:4444\"]\n"
                + "routes:\n  - name: rest\n    upstream: gw\n");
    assertThat(n.at("/admin/token").isNull()).isTrue();
  }

  @Test
  void secretKeysAreRecognisedByTheirNames() {
    assertThat(ConfigEndpoint.isSecretKey("token")).isTrue();
    assertThat(ConfigEndpoint.isSecretKey("bearerToken")).isTrue();
    assertThat(ConfigEndpoint.isSecretKey("clientSecret")).isTrue();
    assertThat(ConfigEndpoint.isSecretKey("password")).isTrue();
    assertThat(ConfigEndpoint.isSecretKey("apiKey")).isTrue();
    assertThat(ConfigEndpoint.isSecretKey("credentialHeader")).isFalse();
    assertThat(ConfigEndpoint.isSecretKey("tokenBucket")).isFalse();
  }

  @Test
  void durationsAreWrittenAsEdgeYamlWritesThem() {
    assertThat(ConfigEndpoint.duration(Duration.ofMillis(250))).isEqualTo("250ms");
    assertThat(ConfigEndpoint.duration(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(ConfigEndpoint.duration(Duration.ofMinutes(5))).isEqualTo("5m");
    assertThat(ConfigEndpoint.duration(Duration.ofDays(30))).isEqualTo("30d");
    assertThat(ConfigEndpoint.duration(Duration.ZERO)).isEqualTo("0s");
  }
}
