package io.mcpedge.server.mcp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.mcpedge.server.testsupport.Origins;
import io.mcpedge.server.testsupport.TestEdge;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The MCP envelope check on a real proxy in front of a recording origin: 2026-07-28 requests whose
 * standard headers agree with the body are forwarded byte for byte; the others are answered 400
 * with a JSON-RPC error carrying their id and never reach the origin; older revisions pass as
 * before (MCP 2026-07-28, basic/transports, "Standard Request Headers"). The proxy reads at most
 * {@code server.maxRequestBodyBuffer} (64 KiB by default) of a body.
 */
@Timeout(60)
class McpVerifyIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static WireMockServer origin;
  private static WireMockServer searchOrigin;
  private static TestEdge edge;

  @BeforeAll
  static void start() throws Exception {
    origin = Origins.start();
    searchOrigin = Origins.start();
    edge =
        TestEdge.start(
            """
            upstreams: [{ name: o, endpoints: ["%s"] }, { name: s, endpoints: ["%s"] }]
            routes:
              - name: search-tool
                match: { path: { type: Exact, value: /mcp }, mcp: { methods: [tools/call], names: [search] } }
                upstream: s
                mcp: {}
                cache: { mode: off }
              - name: mcp
                match: { path: { type: Exact, value: /mcp } }
                upstream: o
                mcp: { verify: true }
                cache: { mode: off }
              - name: unchecked
                match: { path: { type: Exact, value: /plain } }
                upstream: o
                cache: { mode: off }
            """
                .formatted(Origins.endpoint(origin), Origins.endpoint(searchOrigin)));
  }

  @AfterAll
  static void stop() {
    if (edge != null) {
      edge.close();
    }
    if (origin != null) {
      origin.stop();
    }
    if (searchOrigin != null) {
      searchOrigin.stop();
    }
  }

  @BeforeEach
  void reset() {
    origin.resetAll();
    searchOrigin.resetAll();
    searchOrigin.stubFor(post(urlPathEqualTo("/mcp")).willReturn(aResponse().withStatus(200)));
    origin.stubFor(
        post(urlPathEqualTo("/mcp"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}")));
    origin.stubFor(post(urlPathEqualTo("/plain")).willReturn(aResponse().withStatus(200)));
  }

  private static String call(String id, String tool, String arguments) {
    return "{\"jsonrpc\":\"2.0\",\"id\":"
        + id
        + ",\"method\":\"tools/call\",\"params\":{\"name\":\""
        + tool
        + "\",\"arguments\":"
        + arguments
        + ",\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}}}";
  }

  private static HttpResponse<String> send(String path, String body, String... headers)
      throws Exception {
    return send(path, HttpRequest.BodyPublishers.ofString(body), headers);
  }

  private static HttpResponse<String> send(
      String path, HttpRequest.BodyPublisher body, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(edge.uri(path))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(body);
    if (headers.length > 0) {
      b.headers(headers);
    }
    return edge.client().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String[] modern(String method, String name) {
    List<String> h = new ArrayList<>(List.of("MCP-Protocol-Version", "2026-07-28"));
    if (method != null) {
      h.addAll(List.of("Mcp-Method", method));
    }
    if (name != null) {
      h.addAll(List.of("Mcp-Name", name));
    }
    return h.toArray(String[]::new);
  }

  private static List<LoggedRequest> seen() {
    return origin.findAll(postRequestedFor(urlPathEqualTo("/mcp")));
  }

  private static void assertJsonRpcError(HttpResponse<String> res, String id, int code)
      throws Exception {
    assertThat(res.headers().firstValue("content-type")).hasValue("application/json");
    JsonNode body = JSON.readTree(res.body());
    assertThat(body.get("jsonrpc").asText()).isEqualTo("2.0");
    assertThat(body.get("id").toString()).isEqualTo(id);
    assertThat(body.get("error").get("code").asInt()).isEqualTo(code);
  }

  @Test
  void agreeingHeadersAreForwardedWithTheBodyIntact() throws Exception {
    String body = call("1", "expensive", "{\"q\":\"ünïcode\",\"n\":[1,2,3]}");
    HttpResponse<String> res = send("/mcp", body, modern("tools/call", "expensive"));
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(seen())
        .singleElement()
        .satisfies(r -> assertThat(r.getBodyAsString()).isEqualTo(body));
  }

  @Test
  void aNameThatDisagreesWithTheBodyIsRefusedAndNeverForwarded() throws Exception {
    HttpResponse<String> res =
        send("/mcp", call("\"c-7\"", "expensive", "{}"), modern("tools/call", "cheap"));
    assertThat(res.statusCode()).isEqualTo(400);
    assertJsonRpcError(res, "\"c-7\"", -32020);
    assertThat(seen()).isEmpty();
  }

  @Test
  void aMissingMethodHeaderIsRefused() throws Exception {
    HttpResponse<String> res =
        send("/mcp", call("9", "expensive", "{}"), modern(null, "expensive"));
    assertThat(res.statusCode()).isEqualTo(400);
    assertJsonRpcError(res, "9", -32020);
    assertThat(seen()).isEmpty();
  }

  @Test
  void aBase64NameIsDecodedBeforeComparing() throws Exception {
    // "héllo" as the SDK client sends a non-ASCII name
    HttpResponse<String> res =
        send("/mcp", call("2", "héllo", "{}"), modern("tools/call", "=?base64?aMOpbGxv?="));
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(seen()).hasSize(1);
  }

  @Test
  void aBodyThatStreamsInChunksIsReadWholeAndForwardedWhole() throws Exception {
    String body = call("3", "expensive", "\"" + "x".repeat(50_000) + "\"");
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> res =
        send(
            "/mcp",
            HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)),
            modern("tools/call", "expensive"));
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(seen())
        .singleElement()
        .satisfies(r -> assertThat(r.getBodyAsString()).isEqualTo(body));
  }

  @Test
  void aBodyOverTheBufferIsRefusedWith413() throws Exception {
    String body = call("4", "expensive", "\"" + "x".repeat(70_000) + "\"");
    HttpResponse<String> res = send("/mcp", body, modern("tools/call", "expensive"));
    assertThat(res.statusCode()).isEqualTo(413);
    assertJsonRpcError(res, "null", -32600);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> chunked =
        send(
            "/mcp",
            HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)),
            modern("tools/call", "expensive"));
    assertThat(chunked.statusCode()).isEqualTo(413);
    assertThat(seen()).isEmpty();
  }

  @Test
  void batchesAndBrokenJsonAreRefused() throws Exception {
    HttpResponse<String> batch =
        send("/mcp", "[" + call("5", "expensive", "{}") + "]", modern("tools/call", "expensive"));
    assertThat(batch.statusCode()).isEqualTo(400);
    assertJsonRpcError(batch, "null", -32600);
    HttpResponse<String> broken = send("/mcp", "{\"jsonrpc\":", modern("tools/list", null));
    assertThat(broken.statusCode()).isEqualTo(400);
    assertJsonRpcError(broken, "null", -32700);
    assertThat(seen()).isEmpty();
  }

  @Test
  void olderRevisionsAndUncheckedRoutesPassUnread() throws Exception {
    String body = call("6", "expensive", "{}");
    HttpResponse<String> session =
        send(
            "/mcp",
            body,
            "MCP-Protocol-Version",
            "2025-06-18",
            "Mcp-Session-Id",
            "s1",
            "Mcp-Name",
            "cheap");
    assertThat(session.statusCode()).isEqualTo(200);
    assertThat(seen()).hasSize(1);
    HttpResponse<String> plain = send("/plain", body, modern("tools/call", "cheap"));
    assertThat(plain.statusCode()).isEqualTo(200);
  }

  @Test
  void theMcpMatchRoutesByTheStandardHeadersAndTheBodyMustAgree() throws Exception {
    HttpResponse<String> search =
        send("/mcp", call("8", "search", "{}"), modern("tools/call", "search"));
    assertThat(search.statusCode()).isEqualTo(200);
    HttpResponse<String> other =
        send("/mcp", call("8", "expensive", "{}"), modern("tools/call", "expensive"));
    assertThat(other.statusCode()).isEqualTo(200);
    HttpResponse<String> disguised =
        send("/mcp", call("8", "expensive", "{}"), modern("tools/call", "search"));
    assertThat(disguised.statusCode()).isEqualTo(400);
    assertThat(searchOrigin.findAll(postRequestedFor(urlPathEqualTo("/mcp"))))
        .singleElement()
        .satisfies(r -> assertThat(r.getBodyAsString()).contains("\"search\""));
    assertThat(seen())
        .singleElement()
        .satisfies(r -> assertThat(r.getBodyAsString()).contains("\"expensive\""));
  }

  @Test
  void theCheckHoldsOnHttp2Streams() throws Exception {
    String honest = call("11", "expensive", "{\"q\":\"" + "y".repeat(40_000) + "\"}");
    assertThat(curlHttp2(honest, "expensive")).isEqualTo("200");
    assertThat(seen())
        .singleElement()
        .satisfies(r -> assertThat(r.getBodyAsString()).isEqualTo(honest));
    assertThat(curlHttp2(call("12", "expensive", "{}"), "cheap")).isEqualTo("400");
    assertThat(seen()).hasSize(1);
  }

  /** POSTs {@code body} over h2c with prior knowledge; returns the status. */
  private static String curlHttp2(String body, String name) throws Exception {
    java.nio.file.Path file = java.nio.file.Files.createTempFile("mcp-body-", ".json");
    try {
      java.nio.file.Files.writeString(file, body);
      Process p =
          new ProcessBuilder(
                  "curl",
                  "-s",
                  "--http2-prior-knowledge",
                  "-o",
                  "/dev/null",
                  "-w",
                  "%{http_code}",
                  "--max-time",
                  "20",
                  "-H",
                  "Content-Type: application/json",
                  "-H",
                  "MCP-Protocol-Version: 2026-07-28",
                  "-H",
                  "Mcp-Method: tools/call",
                  "-H",
                  "Mcp-Name: " + name,
                  "--data-binary",
                  "@" + file,
                  edge.uri("/mcp").toString())
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      return out.strip();
    } finally {
      java.nio.file.Files.deleteIfExists(file);
    }
  }
}
