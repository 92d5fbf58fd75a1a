package io.mcpedge.server.tracing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.mcpedge.server.tracing.OtlpReceiver.attribute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.google.protobuf.ByteString;
import io.mcpedge.server.testsupport.Origins;
import io.mcpedge.server.testsupport.TestEdge;
import io.mcpedge.server.tls.TestPki;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tracing through a real proxy to a real collector on loopback, over OTLP/gRPC and OTLP/HTTP: a
 * retried exchange (a 503, then a 200) gives a server span continuing the client's trace and one
 * client span per attempt, and the origin sees each attempt's span as its parent. With tracing off
 * the client's trace headers reach the origin untouched.
 */
@Timeout(60)
class TracingIT {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String CLIENT_SPAN_ID = "00f067aa0ba902b7";
  private static final String TRACEPARENT = "00-" + TRACE_ID + "-" + CLIENT_SPAN_ID + "-01";

  private WireMockServer origin;
  private OtlpReceiver receiver;
  private TestEdge edge;

  @BeforeEach
  void startOrigin() {
    origin = Origins.start();
    origin.stubFor(
        get(urlPathEqualTo("/traced"))
            .inScenario("retry")
            .whenScenarioStateIs(STARTED)
            .willReturn(aResponse().withStatus(503).withBody("busy"))
            .willSetStateTo("recovered"));
    origin.stubFor(
        get(urlPathEqualTo("/traced"))
            .inScenario("retry")
            .whenScenarioStateIs("recovered")
            .willReturn(aResponse().withBody("second try")));
  }

  @AfterEach
  void stop() throws Exception {
    if (edge != null) {
      edge.close();
    }
    origin.stop();
    if (receiver != null) {
      receiver.close();
    }
  }

  private TestEdge startEdge(String observability) throws Exception {
    return TestEdge.start(
        "upstreams:\n"
            + "  - name: origin\n    endpoints: [\""
            + Origins.endpoint(origin)
            + "\"]\n"
            + "    retry: { numRetries: 2, retryOn: [5xx], backoffBase: 1ms }\n"
            + "routes:\n"
            + "  - name: api\n    upstream: origin\n"
            + observability);
  }

  @ParameterizedTest
  @ValueSource(strings = {"grpc", "http/protobuf"})
  void aRetriedExchangeIsOneServerSpanWithOneClientSpanPerAttempt(String protocol)
      throws Exception {
    receiver = protocol.equals("grpc") ? new OtlpGrpcReceiver() : new OtlpHttpReceiver();
    edge =
        startEdge(
            "observability:\n  tracing:\n    enabled: true\n"
                + "    endpoint: "
                + receiver.endpoint()
                + "\n    protocol: "
                + protocol
                + "\n    serviceName: edge-under-test\n"
                + "    resourceAttributes: { deployment.environment: test }\n");

    HttpResponse<String> res =
        edge.get(
            "/traced?token=s3cret",
            "traceparent",
            TRACEPARENT,
            "tracestate",
            "vendor=opaque",
            "baggage",
            "tenant=blue");
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.body()).isEqualTo("second try");

    // Closing the server flushes the batch to the collector.
    edge.close();
    edge = null;
    await().atMost(Duration.ofSeconds(20)).until(() -> receiver.spans().size() >= 3);
    List<Span> spans = receiver.spans();
    assertThat(spans).hasSize(3);

    Span server = only(spans, Span.SpanKind.SPAN_KIND_SERVER);
    assertThat(hex(server.getTraceId())).isEqualTo(TRACE_ID);
    assertThat(hex(server.getParentSpanId())).isEqualTo(CLIENT_SPAN_ID);
    assertThat(server.getName()).isEqualTo("GET api");
    assertThat(attribute(server.getAttributesList(), "http.request.method")).isEqualTo("GET");
    assertThat(attribute(server.getAttributesList(), "url.path")).isEqualTo("/traced");
    assertThat(attribute(server.getAttributesList(), "http.route")).isEqualTo("api");
    assertThat(attribute(server.getAttributesList(), "http.response.status_code")).isEqualTo("200");
    assertThat(attribute(server.getAttributesList(), "network.protocol.version")).isEqualTo("1.1");
    assertThat(attribute(server.getAttributesList(), "server.address")).isEqualTo("127.0.0.1");
    assertThat(attribute(server.getAttributesList(), "client.address")).isEqualTo("127.0.0.1");
    assertThat(server.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_UNSET);
    assertThat(spans.toString()).doesNotContain("s3cret");

    List<Span> attempts =
        spans.stream()
            .filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_CLIENT)
            .sorted(Comparator.comparingLong(Span::getStartTimeUnixNano))
            .toList();
    assertThat(attempts).hasSize(2);
    for (Span a : attempts) {
      assertThat(hex(a.getTraceId())).isEqualTo(TRACE_ID);
      assertThat(a.getParentSpanId()).isEqualTo(server.getSpanId());
      assertThat(attribute(a.getAttributesList(), "server.address")).isEqualTo("127.0.0.1");
      assertThat(attribute(a.getAttributesList(), "server.port"))
          .isEqualTo(Integer.toString(origin.port()));
    }
    assertThat(attribute(attempts.get(0).getAttributesList(), "http.response.status_code"))
        .isEqualTo("503");
    assertThat(attempts.get(0).getStatus().getCode())
        .isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
    assertThat(attribute(attempts.get(0).getAttributesList(), "http.request.resend_count"))
        .isNull();
    assertThat(attribute(attempts.get(1).getAttributesList(), "http.response.status_code"))
        .isEqualTo("200");
    assertThat(attribute(attempts.get(1).getAttributesList(), "http.request.resend_count"))
        .isEqualTo("1");
    assertThat(attempts.get(1).getStatus().getCode())
        .isEqualTo(Status.StatusCode.STATUS_CODE_UNSET);

    // The origin saw the client's trace, each attempt with its own span as the parent.
    List<ServeEvent> seen =
        origin.getAllServeEvents().stream()
            .sorted(Comparator.comparing(e -> e.getRequest().getLoggedDate()))
            .toList();
    assertThat(seen).hasSize(2);
    for (int i = 0; i < 2; i++) {
      var req = seen.get(i).getRequest();
      assertThat(req.getHeader("traceparent"))
          .isEqualTo("00-" + TRACE_ID + "-" + hex(attempts.get(i).getSpanId()) + "-01");
      assertThat(req.getHeader("tracestate")).isEqualTo("vendor=opaque");
      assertThat(req.getHeader("baggage")).isEqualTo("tenant=blue");
    }

    if (receiver instanceof OtlpGrpcReceiver grpc) {
      assertThat(grpc.heads())
          .allSatisfy(
              h -> {
                assertThat(h.path().toString())
                    .isEqualTo("/opentelemetry.proto.collector.trace.v1.TraceService/Export");
                assertThat(h.get("content-type").toString()).isEqualTo("application/grpc");
              });
    } else {
      assertThat(((OtlpHttpReceiver) receiver).contentTypes()).contains("application/x-protobuf");
    }
    assertThat(receiver.resources()).isNotEmpty();
    var resource = receiver.resources().get(0).getAttributesList();
    assertThat(attribute(resource, "service.name")).isEqualTo("edge-under-test");
    assertThat(attribute(resource, "deployment.environment")).isEqualTo("test");
  }

  @Test
  void grpcToAnHttpsCollectorVerifiedAgainstTheCaFile(@TempDir Path dir) throws Exception {
    TestPki pki = new TestPki(dir, "collector-ca");
    Path[] cert = pki.server("collector", false, "127.0.0.1");
    SslContext tls =
        SslContextBuilder.forServer(cert[0].toFile(), cert[1].toFile())
            .applicationProtocolConfig(
                new ApplicationProtocolConfig(
                    ApplicationProtocolConfig.Protocol.ALPN,
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                    ApplicationProtocolNames.HTTP_2))
            .build();
    OtlpGrpcReceiver grpc = new OtlpGrpcReceiver(null, tls);
    receiver = grpc;
    assertThat(grpc.endpoint()).startsWith("https://");
    edge =
        startEdge(
            "observability:\n  tracing:\n    enabled: true\n"
                + "    endpoint: "
                + grpc.endpoint()
                + "\n    protocol: grpc\n    caFile: "
                + pki.caCert()
                + "\n");

    assertThat(edge.get("/traced").statusCode()).isEqualTo(200);
    edge.close();
    edge = null;
    await().atMost(Duration.ofSeconds(20)).until(() -> receiver.spans().size() >= 3);
    assertThat(grpc.heads()).isNotEmpty();
    assertThat(grpc.heads().get(0).scheme().toString()).isEqualTo("https");
  }

  @Test
  void cacheLookupsAndFailedAttemptsAreSpansToo() throws Exception {
    receiver = new OtlpHttpReceiver();
    origin.stubFor(
        get(urlPathEqualTo("/static/a.css"))
            .willReturn(
                aResponse().withHeader("Cache-Control", "public, max-age=60").withBody("css")));
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    edge =
        TestEdge.start(
            "upstreams:\n"
                + "  - name: origin\n    endpoints: [\""
                + Origins.endpoint(origin)
                + "\"]\n"
                + "  - name: dead\n    endpoints: [\"http://127.0.0.1:"
                + closedPort
                + "\"]\n"
                + "routes:\n"
                + "  - name: static\n"
                + "    match: { path: { type: PathPrefix, value: /static } }\n"
                + "    upstream: origin\n"
                + "    cache: { mode: rfc9111 }\n"
                + "  - name: down\n"
                + "    match: { path: { type: PathPrefix, value: /down } }\n"
                + "    upstream: dead\n"
                + "observability:\n  tracing:\n    enabled: true\n"
                + "    endpoint: "
                + receiver.endpoint()
                + "\n    protocol: http/protobuf\n");

    assertThat(edge.get("/static/a.css").statusCode()).isEqualTo(200);
    assertThat(edge.get("/static/a.css").statusCode()).isEqualTo(200);
    int failed = edge.get("/down/x").statusCode();
    assertThat(failed).isGreaterThanOrEqualTo(500);
    edge.close();
    edge = null;
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> receiver.spans().stream().filter(TracingIT::isServer).count() == 3);
    List<Span> spans = receiver.spans();

    List<Span> statics =
        spans.stream()
            .filter(s -> isServer(s) && s.getName().equals("GET static"))
            .sorted(Comparator.comparingLong(Span::getStartTimeUnixNano))
            .toList();
    assertThat(statics).hasSize(2);
    assertThat(children(spans, statics.get(0)))
        .extracting(TracingIT::describe)
        .containsExactlyInAnyOrder("cache lookup MISS", "GET 200");
    assertThat(children(spans, statics.get(1)))
        .extracting(TracingIT::describe)
        .containsExactly("cache lookup FRESH_HIT");

    Span down = only(spans.stream().filter(s -> s.getName().equals("GET down")).toList());
    assertThat(attribute(down.getAttributesList(), "http.response.status_code"))
        .isEqualTo(Integer.toString(failed));
    assertThat(down.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
    assertThat(children(spans, down))
        .isNotEmpty()
        .allSatisfy(
            a -> {
              assertThat(a.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
              assertThat(attribute(a.getAttributesList(), "error.type"))
                  .isEqualTo("CONNECT_FAILED");
              assertThat(attribute(a.getAttributesList(), "server.port"))
                  .isEqualTo(Integer.toString(closedPort));
            });
  }

  private static boolean isServer(Span s) {
    return s.getKind() == Span.SpanKind.SPAN_KIND_SERVER;
  }

  private static List<Span> children(List<Span> spans, Span parent) {
    return spans.stream().filter(s -> s.getParentSpanId().equals(parent.getSpanId())).toList();
  }

  private static String describe(Span s) {
    String decision = attribute(s.getAttributesList(), "mcp_edge.cache.decision");
    return s.getName()
        + " "
        + (decision != null
            ? decision
            : attribute(s.getAttributesList(), "http.response.status_code"));
  }

  private static Span only(List<Span> spans) {
    assertThat(spans).hasSize(1);
    return spans.get(0);
  }

  @Test
  void withTracingOffTheClientsTraceHeadersPassThroughUnchanged() throws Exception {
    edge = startEdge("");
    assertThat(edge.server().routes()).isNotNull();
    HttpResponse<String> res =
        edge.get(
            "/traced",
            "traceparent",
            TRACEPARENT,
            "tracestate",
            "vendor=opaque",
            "baggage",
            "tenant=blue");
    assertThat(res.statusCode()).isEqualTo(200);
    List<ServeEvent> seen = origin.getAllServeEvents();
    assertThat(seen).hasSize(2);
    for (ServeEvent e : seen) {
      assertThat(e.getRequest().getHeader("traceparent")).isEqualTo(TRACEPARENT);
      assertThat(e.getRequest().getHeader("tracestate")).isEqualTo("vendor=opaque");
      assertThat(e.getRequest().getHeader("baggage")).isEqualTo("tenant=blue");
    }
  }

  private static Span only(List<Span> spans, Span.SpanKind kind) {
    List<Span> of = spans.stream().filter(s -> s.getKind() == kind).toList();
    assertThat(of).hasSize(1);
    return of.get(0);
  }

  private static String hex(ByteString id) {
    return HexFormat.of().formatHex(id.toByteArray());
  }
}
