package io.mcpedge.server.tracing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.mcpedge.server.testsupport.Origins;
import io.mcpedge.server.testsupport.TestEdge;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the proxy reports of verified MCP requests, through a real collector, its access log and its
 * metrics endpoint: a 2026-07-28 request that carries its W3C trace context in {@code params._meta}
 * only (SEP-414) has its server span in that trace, and the upstream gets the proxy's span as
 * parent; one with a {@code traceparent} header keeps that one; the access log names the method and
 * the tool; {@code mcp_server_requests_total} counts by method, with tool names from the route's
 * list only; refusals are counted by reason.
 */
@Timeout(60)
class McpObservabilityIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String META_TRACE = "0af7651916cd43dd8448eb211c80319c";
  private static final String META_SPAN = "b7ad6b7169203331";
  private static final String HEAD_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

  @TempDir Path dir;
  private WireMockServer origin;
  private OtlpReceiver receiver;
  private TestEdge edge;

  @AfterEach
  void stop() {
    if (edge != null) {
      edge.close();
    }
    if (origin != null) {
      origin.stop();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  private static String call(int id, String tool) {
    return """
        {"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"%s","arguments":{},\
        "_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",\
        "traceparent":"00-%s-%s-01","tracestate":"vendor=meta"}}}"""
        .formatted(id, tool, META_TRACE, META_SPAN);
  }

  private HttpResponse<String> send(String body, String name, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(edge.uri("/mcp"))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .header("MCP-Protocol-Version", "2026-07-28")
            .header("Mcp-Method", "tools/call")
            .header("Mcp-Name", name)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return edge.client().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void mcpRequestsAreTracedLoggedAndCounted() throws Exception {
    origin = Origins.start();
    origin.stubFor(post(urlPathEqualTo("/mcp")).willReturn(aResponse().withBody("{}")));
    receiver = new OtlpGrpcReceiver();
    Path log = dir.resolve("access.log");
    edge =
        TestEdge.start(
            """
            upstreams: [{ name: o, endpoints: ["%s"] }]
            routes:
              - name: mcp
                match: { path: { type: Exact, value: /mcp } }
                upstream: o
                mcp: { metricNames: [search] }
            observability:
              accessLog: { path: "%s" }
              tracing: { enabled: true, endpoint: %s, protocol: grpc }
            """
                .formatted(Origins.endpoint(origin), log, receiver.endpoint()));

    assertThat(send(call(1, "search"), "search").statusCode()).isEqualTo(200);
    assertThat(
            send(
                    call(2, "secret-tool"),
                    "secret-tool",
                    "traceparent",
                    "00-" + HEAD_TRACE + "-00f067aa0ba902b7-01")
                .statusCode())
        .isEqualTo(200);
    assertThat(send(call(3, "search"), "cheap").statusCode()).isEqualTo(400);

    // The upstream attempt of the first request has the proxy's span, in the message's trace.
    List<LoggedRequest> seen = origin.findAll(postRequestedFor(urlPathEqualTo("/mcp")));
    assertThat(seen).hasSize(2);
    String upstreamParent = seen.get(0).getHeader("traceparent");
    assertThat(upstreamParent).startsWith("00-" + META_TRACE + "-").doesNotContain(META_SPAN);
    assertThat(seen.get(1).getHeader("traceparent")).startsWith("00-" + HEAD_TRACE + "-");

    String metrics = metrics();
    assertThat(metrics)
        .contains(
            "mcp_server_requests_total{mcp_method_name=\"tools/call\",mcp_name=\"search\","
                + "route=\"mcp\",status_class=\"2xx\"} 1.0")
        .contains(
            "mcp_server_requests_total{mcp_method_name=\"tools/call\",mcp_name=\"other\","
                + "route=\"mcp\",status_class=\"2xx\"} 1.0")
        .doesNotContain("secret-tool")
        .containsPattern(
            "edge_policy_rejections_total\\{reason=\"mcp_header_mismatch\",route=\"mcp\"\\} 1.0");

    edge.close();
    edge = null;
    await().atMost(Duration.ofSeconds(20)).until(() -> receiver.spans().size() >= 5);
    List<Span> servers = new ArrayList<>();
    for (Span s : receiver.spans()) {
      if (s.getKind() == Span.SpanKind.SPAN_KIND_SERVER) {
        servers.add(s);
      }
    }
    assertThat(servers).hasSize(3);
    assertThat(servers)
        .anySatisfy(
            s -> {
              assertThat(hex(s.getTraceId())).isEqualTo(META_TRACE);
              assertThat(hex(s.getParentSpanId())).isEqualTo(META_SPAN);
            })
        .anySatisfy(s -> assertThat(hex(s.getTraceId())).isEqualTo(HEAD_TRACE));

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> Files.exists(log) && Files.readAllLines(log).size() >= 3);
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      lines.add(JSON.readTree(line));
    }
    assertThat(lines.get(0).get("mcpMethod").asText()).isEqualTo("tools/call");
    assertThat(lines.get(0).get("mcpName").asText()).isEqualTo("search");
    assertThat(lines.get(0).get("traceId").asText()).isEqualTo(META_TRACE);
    assertThat(lines.get(1).get("mcpName").asText()).isEqualTo("secret-tool");
    assertThat(lines.get(2).has("mcpMethod")).as("a refused request was not verified").isFalse();
    assertThat(lines.get(2).get("rejection").asText()).isEqualTo("mcp_header_mismatch");
  }

  private String metrics() throws Exception {
    return edge.client()
        .send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:" + edge.server().adminAddress().getPort() + "/metrics"))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static String hex(com.google.protobuf.ByteString b) {
    return HexFormat.of().formatHex(b.toByteArray());
  }
}
