package io.mcpedge.server.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpedge.server.testsupport.NodeMcpV2;
import io.mcpedge.server.testsupport.TestEdge;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The 2026-07-28 revision end to end with the real TypeScript SDK v2 server and client: a modern
 * client gets through the proxy what it gets directly; a request whose {@code Mcp-Name} names
 * another tool than its body never reaches the server; a per-tool limit (a route matched on the MCP
 * name, keyed per credential and tool) holds while other tools flow. The proxy runs on a manual
 * ticker, so no token bucket refills during a test.
 */
@Timeout(180)
class McpSdkV2IT {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String ROUTES =
      """
      upstreams: [{ name: mcp, endpoints: ["http://127.0.0.1:%d"] }]
      routes:
        - name: expensive-tool
          match: { path: { type: Exact, value: /mcp }, mcp: { methods: [tools/call], names: [expensive] } }
          upstream: mcp
          mcp: {}
          rateLimit: { requestsPerSecond: 1, burst: 2, key: credential+mcpName }
        - name: mcp
          match: { path: { type: Exact, value: /mcp } }
          upstream: mcp
          mcp: { verify: true }
      """;

  private static String call(int id, String tool) {
    return """
        {"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"%s","arguments":{"n":%d},\
        "_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",\
        "io.modelcontextprotocol/clientCapabilities":{}}}}"""
        .formatted(id, tool, id);
  }

  private static HttpResponse<String> post(
      TestEdge edge, String body, String nameHeader, String credential) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(edge.uri("/mcp"))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .header("MCP-Protocol-Version", "2026-07-28")
            .header("Mcp-Method", "tools/call")
            .header("Mcp-Name", nameHeader)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (credential != null) {
      b.header("Authorization", "Bearer " + credential);
    }
    return edge.client().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @ParameterizedTest(name = "server answers as {0}")
  @ValueSource(strings = {"json", "sse"})
  void aModernClientGetsTheSameResultsThroughTheProxyAsDirectly(String mode) throws Exception {
    try (NodeMcpV2.Server server = NodeMcpV2.startServer(mode, Duration.ofSeconds(30));
        TestEdge edge = TestEdge.start(ROUTES.formatted(server.port()))) {
      NodeMcpV2.ClientRun direct = NodeMcpV2.runClient(server.url(), Duration.ofSeconds(60));
      int directRequests = server.total();
      NodeMcpV2.ClientRun proxied =
          NodeMcpV2.runClient(edge.uri("/mcp").toString(), Duration.ofSeconds(60));
      assertThat(direct.exitCode()).as("direct: %s", direct.lines()).isZero();
      assertThat(proxied.exitCode()).as("through the proxy: %s", proxied.lines()).isZero();
      assertThat(proxied.lines()).hasSize(11).isEqualTo(direct.lines());
      assertThat(server.total())
          .as("every request reached the server")
          .isEqualTo(2 * directRequests);
    }
  }

  @Test
  void aNameThatDisagreesWithTheBodyNeverReachesTheServer() throws Exception {
    try (NodeMcpV2.Server server = NodeMcpV2.startServer("json", Duration.ofSeconds(30));
        TestEdge edge = TestEdge.start(ROUTES.formatted(server.port()))) {
      HttpResponse<String> disguised = post(edge, call(42, "expensive"), "cheap", null);
      assertThat(disguised.statusCode()).isEqualTo(400);
      JsonNode error = JSON.readTree(disguised.body());
      assertThat(error.get("id").asInt()).isEqualTo(42);
      assertThat(error.get("error").get("code").asInt()).isEqualTo(-32020);
      assertThat(server.total()).as("requests the server saw").isZero();

      HttpResponse<String> honest = post(edge, call(43, "expensive"), "expensive", null);
      assertThat(honest.statusCode()).isEqualTo(200);
      assertThat(honest.body()).contains("expensive 43");
      assertThat(server.total()).isEqualTo(1);
    }
  }

  @Test
  void aPerToolLimitHoldsWhileOtherToolsFlow() throws Exception {
    try (NodeMcpV2.Server server = NodeMcpV2.startServer("json", Duration.ofSeconds(30));
        TestEdge edge = TestEdge.start(ROUTES.formatted(server.port()))) {
      List<Integer> expensive = new ArrayList<>();
      List<Integer> cheap = new ArrayList<>();
      HttpResponse<String> refused = null;
      for (int i = 1; i <= 5; i++) {
        HttpResponse<String> e = post(edge, call(i, "expensive"), "expensive", "alice");
        expensive.add(e.statusCode());
        if (e.statusCode() == 429) {
          refused = e;
        }
        cheap.add(post(edge, call(100 + i, "cheap"), "cheap", "alice").statusCode());
      }
      assertThat(expensive).containsExactly(200, 200, 429, 429, 429);
      assertThat(cheap).containsOnly(200);
      assertThat(refused.headers().firstValue("retry-after")).isPresent();
      JsonNode error = JSON.readTree(refused.body());
      assertThat(error.get("id").asInt()).isEqualTo(5);
      assertThat(error.get("error").get("code").asInt()).isEqualTo(-32000);
      // another credential has its own allowance for the same tool
      assertThat(post(edge, call(9, "expensive"), "expensive", "bob").statusCode()).isEqualTo(200);
      JsonNode stats = server.stats();
      assertThat(stats.path("tools/call expensive").asInt()).isEqualTo(3);
      assertThat(stats.path("tools/call cheap").asInt()).isEqualTo(5);
    }
  }
}
