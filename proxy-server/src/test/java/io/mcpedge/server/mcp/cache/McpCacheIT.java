package io.mcpedge.server.mcp.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpedge.core.config.ConfigLoader;
import io.mcpedge.core.config.EdgeConfig;
import io.mcpedge.server.EdgeServer;
import io.mcpedge.server.channel.Transport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * The MCP result cache with the real v2 SDK server and client on loopback (MCP specification
 * 2026-07-28, server/utilities/caching): the server counts what reaches it and answers in JSON or
 * as an SSE stream with the hints each test sets.
 */
@Timeout(120)
class McpCacheIT {

  private static final String CONFIG =
      """
      listeners: [{ name: http, address: "127.0.0.1:0" }]
      admin: { address: "127.0.0.1:0" }
      upstreams: [{ name: mcp, endpoints: ["http://127.0.0.1:%d"] }]
      routes:
        - name: tools-writes
          match: { path: { type: PathPrefix, value: /tools }, methods: [POST] }
          upstream: mcp
          cache: { invalidates: [ { type: PathPrefix, value: /tools } ] }
        - name: mcp
          match: { path: { type: PathPrefix, value: /mcp } }
          upstream: mcp
      %s
          cache: { mcp: true }
        - name: default
          match: { path: { type: PathPrefix, value: / } }
          upstream: mcp
      """;

  /** What turns header verification (and so the {@code McpCall}) on for the route. */
  static final String VERIFY = "mcp: { verify: true }";

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static V2CacheNode node;
  private static EdgeServer proxy;

  /** Each test's own endpoint, so that no test sees what another one stored. */
  private static String endpoint;

  @BeforeEach
  void endpoint(TestInfo test) {
    endpoint = "/mcp/" + test.getTestMethod().orElseThrow().getName();
  }

  @BeforeAll
  static void start() throws Exception {
    node = V2CacheNode.start();
    EdgeConfig config =
        ConfigLoader.parse(
            CONFIG.formatted(node.port(), VERIFY.indent(4).stripTrailing()),
            "mcp-cache-it.yaml",
            Map.of());
    proxy = new EdgeServer(config, Transport.select(false), System::nanoTime);
    proxy.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (proxy != null) {
      proxy.close();
    }
    if (node != null) {
      node.close();
    }
  }

  private static String url(String path) {
    return "http://127.0.0.1:" + proxy.listenerAddress("http").getPort() + path;
  }

  private static String hints(String method, long ttlMs, String scope) {
    return "{\"" + method + "\":{\"ttlMs\":" + ttlMs + ",\"cacheScope\":\"" + scope + "\"}}";
  }

  /** A raw request of the 2026-07-28 revision, as the v2 client sends it. */
  static HttpRequest raw(String method, String id, String token, String accept) {
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":"
            + id
            + ",\"method\":\""
            + method
            + "\",\"params\":{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{}}}}";
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url(endpoint)))
            .timeout(Duration.ofSeconds(20))
            .header("content-type", "application/json")
            .header("accept", accept)
            .header("mcp-protocol-version", "2026-07-28")
            .header("mcp-method", method)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("authorization", "Bearer " + token);
    }
    return b.build();
  }

  static HttpResponse<String> send(String method, String id, String token) throws Exception {
    return HTTP.send(
        raw(method, id, token, "application/json, text/event-stream"),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The JSON-RPC response of a JSON body or of a one-event stream. */
  static JsonNode message(HttpResponse<String> r) throws Exception {
    String body = r.body();
    if (r.headers().firstValue("content-type").orElse("").startsWith("text/event-stream")) {
      String data = null;
      for (String line : body.split("\n")) {
        if (line.startsWith("data: ") && line.length() > 6) {
          assertThat(data).as("one message in %s", body).isNull();
          data = line.substring(6);
        }
      }
      body = data;
    }
    return V2CacheNode.JSON.readTree(body);
  }

  private static void assertServedWithItsOwnId(String mode) throws Exception {
    node.configure(mode, hints("tools/list", 60_000, "public"), 0);
    HttpResponse<String> first = send("tools/list", "7", "A");
    HttpResponse<String> second = send("tools/list", "\"second-" + mode + "\"", "A");

    assertThat(first.headers().firstValue("x-cache")).hasValue("MISS");
    assertThat(second.headers().firstValue("x-cache")).hasValue("HIT");
    String type = mode.equals("sse") ? "text/event-stream" : "application/json";
    assertThat(second.headers().firstValue("content-type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith(type));
    assertThat(message(first).get("id").asInt()).isEqualTo(7);
    assertThat(message(second).get("id").asText()).isEqualTo("second-" + mode);
    assertThat(message(second).get("result")).isEqualTo(message(first).get("result"));
    assertThat(node.count("tools/list")).isEqualTo(1);
  }

  @Test
  void aCachedToolsListIsServedWithTheRequestersIdAsJson() throws Exception {
    assertServedWithItsOwnId("json");
  }

  @Test
  void aCachedToolsListIsServedWithTheRequestersIdAsAnEventStream() throws Exception {
    assertServedWithItsOwnId("sse");
  }

  @Test
  void privateResultsNeverCrossCredentials() throws Exception {
    node.configure("json", hints("prompts/list", 60_000, "private"), 0);
    JsonNode a = V2CacheNode.client(url(endpoint), "A", "prompts/list").get(0);
    JsonNode b = V2CacheNode.client(url(endpoint), "B", "prompts/list").get(0);
    JsonNode a2 = V2CacheNode.client(url(endpoint), "A", "prompts/list").get(0);

    assertThat(a.toString()).contains("a prompt for Bearer A");
    assertThat(b.toString()).contains("a prompt for Bearer B").doesNotContain("Bearer A");
    assertThat(a2).isEqualTo(a);
    assertThat(node.count("prompts/list")).isEqualTo(2);
  }

  @Test
  void publicResultsAreShared() throws Exception {
    node.configure("sse", hints("resources/list", 60_000, "public"), 0);
    JsonNode a = V2CacheNode.client(url(endpoint), "A", "resources/list").get(0);
    JsonNode b = V2CacheNode.client(url(endpoint), "B", "resources/list").get(0);

    assertThat(b).isEqualTo(a);
    assertThat(node.count("resources/list")).isEqualTo(1);
  }

  @Test
  void aResultWithTtlZeroIsNotStored() throws Exception {
    node.configure("json", hints("resources/templates/list", 0, "public"), 0);
    send("resources/templates/list", "1", "A");
    HttpResponse<String> again = send("resources/templates/list", "2", "A");

    assertThat(again.headers().firstValue("x-cache")).hasValue("MISS");
    assertThat(node.count("resources/templates/list")).isEqualTo(2);
  }

  @Test
  void aResultExpiresAfterItsTtl() throws Exception {
    node.configure("json", hints("server/discover", 1_500, "public"), 0);
    send("server/discover", "1", null);
    assertThat(send("server/discover", "2", null).headers().firstValue("x-cache")).hasValue("HIT");
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> send("server/discover", "3", null).headers().firstValue("x-cache"),
            v -> v.equals(java.util.Optional.of("MISS")));
    assertThat(node.count("server/discover")).isEqualTo(2);
  }

  @Test
  void concurrentIdenticalMissesReachTheServerOnce() throws Exception {
    node.configure("json", hints("tools/list", 60_000, "private"), 500);
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      calls.add(
          HTTP.sendAsync(
              raw(
                  "tools/list",
                  Integer.toString(100 + i),
                  "C",
                  "application/json, text/event-stream"),
              HttpResponse.BodyHandlers.ofString()));
    }
    for (int i = 0; i < 8; i++) {
      HttpResponse<String> r = calls.get(i).get();
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(message(r).get("id").asInt()).isEqualTo(100 + i);
    }
    assertThat(node.count("tools/list")).isEqualTo(1);
  }

  @Test
  void aRestWriteToToolsDropsTheCachedToolsListOfEveryCredential() throws Exception {
    node.configure("json", hints("tools/list", 60_000, "private"), 0);
    String before = message(send("tools/list", "1", "D")).get("result").get("tools").toString();
    send("tools/list", "1", "E");
    assertThat(send("tools/list", "2", "D").headers().firstValue("x-cache")).hasValue("HIT");

    HttpResponse<String> write =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url("/tools")))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(write.statusCode()).isEqualTo(201);

    HttpResponse<String> d = send("tools/list", "3", "D");
    HttpResponse<String> e = send("tools/list", "3", "E");
    assertThat(d.headers().firstValue("x-cache")).hasValue("MISS");
    assertThat(e.headers().firstValue("x-cache")).hasValue("MISS");
    assertThat(message(d).get("result").get("tools").toString()).isNotEqualTo(before);
    assertThat(node.count("tools/list")).isEqualTo(4);
  }

  @Test
  void aModernClientGetsTheSameResultsThroughTheProxyAsDirectly() throws Exception {
    node.configure(
        "sse",
        "{\"tools/list\":{\"ttlMs\":60000,\"cacheScope\":\"private\"},"
            + "\"prompts/list\":{\"ttlMs\":60000,\"cacheScope\":\"public\"},"
            + "\"resources/list\":{\"ttlMs\":60000,\"cacheScope\":\"private\"}}",
        0);
    String[] ops = {
      "tools/list",
      "prompts/list",
      "resources/list",
      "resources/templates/list",
      "resources/read:file:///readme"
    };
    List<JsonNode> direct =
        V2CacheNode.client("http://127.0.0.1:" + node.port() + endpoint, "F", ops);
    List<JsonNode> missed = V2CacheNode.client(url(endpoint), "F", ops);
    List<JsonNode> hit = V2CacheNode.client(url(endpoint), "F", ops);

    assertThat(missed).isEqualTo(direct);
    assertThat(hit).isEqualTo(direct);
    assertThat(node.count("tools/list")).isEqualTo(2);
    assertThat(node.count("resources/read")).isEqualTo(3);
  }
}
