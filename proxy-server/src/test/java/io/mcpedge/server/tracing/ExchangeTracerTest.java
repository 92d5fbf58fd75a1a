package io.mcpedge.server.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.mcpedge.core.config.ObservabilityConfig.OtlpProtocol;
import io.mcpedge.core.config.ObservabilityConfig.TracingConfig;
import io.mcpedge.server.codec.NettyRequestHead;
import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.exchange.ExchangeObserver;
import io.mcpedge.server.exchange.ExchangeTrace;
import io.mcpedge.server.exchange.RequestBody;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The server span and its steps, in detail, with the SDK's in-memory exporter. */
@Timeout(10)
class ExchangeTracerTest {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

  private final InMemorySpanExporter exported = InMemorySpanExporter.create();
  private final EmbeddedChannel channel = new EmbeddedChannel();
  private Tracing tracing;

  private ExchangeObserver tracer(double ratio) {
    tracing =
        new Tracing(
            new TracingConfig(
                true,
                URI.create("http://unused:4317/"),
                OtlpProtocol.GRPC,
                ratio,
                "t",
                Map.of(),
                null),
            SimpleSpanProcessor.create(exported),
            "1.2.3");
    return tracing.observer();
  }

  @AfterEach
  void close() {
    if (tracing != null) {
      tracing.close();
    }
    assertFalse(channel.finishAndReleaseAll());
  }

  private Exchange exchange(HttpMethod method, Exchange.Protocol protocol, String... headers) {
    HttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, "/tools?token=x");
    for (int i = 0; i < headers.length; i += 2) {
      req.headers().add(headers[i], headers[i + 1]);
    }
    return new Exchange(
        null,
        new NettyRequestHead(req),
        new RequestBody(channel, 0, true),
        channel,
        protocol,
        "c1",
        System::nanoTime);
  }

  @Test
  void anUnknownMethodWithoutRouteOrParentIsARootSpanThatFailsWithoutAnswer() {
    ExchangeObserver o = tracer(1.0);
    Exchange ex = exchange(HttpMethod.valueOf("PURGE"), Exchange.Protocol.HTTP_2);
    o.exchangeStarted(ex);
    o.exchangeEnded(ex, 0);

    SpanData s = exported.getFinishedSpanItems().get(0);
    assertThat(s.getName()).isEqualTo("HTTP");
    assertThat(s.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(s.getParentSpanContext().isValid()).isFalse();
    assertThat(s.getAttributes().get(AttributeKey.stringKey("http.request.method")))
        .isEqualTo("_OTHER");
    assertThat(s.getAttributes().get(AttributeKey.stringKey("http.request.method_original")))
        .isEqualTo("PURGE");
    assertThat(s.getAttributes().get(AttributeKey.stringKey("http.route"))).isNull();
    assertThat(s.getAttributes().get(AttributeKey.stringKey("url.path"))).isEqualTo("/tools");
    assertThat(s.getAttributes().get(AttributeKey.stringKey("network.protocol.version")))
        .isEqualTo("2");
    assertThat(s.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(s.getResource().getAttribute(AttributeKey.stringKey("service.version")))
        .isEqualTo("1.2.3");
    assertThat(ex.record().traceId()).isEqualTo(s.getTraceId());
  }

  @Test
  void eachAttemptRewritesTheTraceHeadersWithItsOwnSpanId() {
    ExchangeObserver o = tracer(1.0);
    Exchange ex =
        exchange(
            HttpMethod.GET,
            Exchange.Protocol.HTTP_1_1,
            "traceparent",
            "00-" + TRACE_ID + "-00f067aa0ba902b7-01",
            "tracestate",
            "not a valid=tracestate,,=",
            "baggage",
            "k=v");
    o.exchangeStarted(ex);
    ExchangeTrace trace = ExchangeTrace.of(ex);
    ExchangeTrace.Step first = trace.upstreamAttempt("gateway", 4444);
    String firstHeader = ex.request().headers().get("traceparent");
    first.failed("UPSTREAM_RESET");
    first.end();
    ExchangeTrace.Step second = trace.upstreamAttempt("gateway", 4444);
    String secondHeader = ex.request().headers().get("traceparent");
    second.status(404);
    second.end();
    second.end(); // ends once
    o.exchangeEnded(ex, 404);

    List<SpanData> spans = exported.getFinishedSpanItems();
    assertThat(spans).hasSize(3);
    SpanData a1 = spans.get(0);
    SpanData a2 = spans.get(1);
    SpanData server = spans.get(2);
    assertThat(server.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(server.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
    assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(firstHeader).isEqualTo("00-" + TRACE_ID + "-" + a1.getSpanId() + "-01");
    assertThat(secondHeader).isEqualTo("00-" + TRACE_ID + "-" + a2.getSpanId() + "-01");
    assertThat(a1.getParentSpanId()).isEqualTo(server.getSpanId());
    assertThat(a1.getAttributes().get(AttributeKey.stringKey("error.type")))
        .isEqualTo("UPSTREAM_RESET");
    assertThat(a1.getAttributes().get(AttributeKey.longKey("http.request.resend_count"))).isNull();
    assertThat(a2.getAttributes().get(AttributeKey.longKey("http.request.resend_count")))
        .isEqualTo(1L);
    assertThat(a2.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR); // 4xx on a client
    assertThat(a2.getAttributes().get(AttributeKey.stringKey("server.address")))
        .isEqualTo("gateway");
    assertThat(ex.request().headers().get("tracestate")).isNull(); // the malformed one is gone
    assertThat(ex.request().headers().get("baggage")).isEqualTo("k=v");
  }

  @Test
  void anUnsampledTraceIsStillPropagatedButNothingIsExported() {
    ExchangeObserver o = tracer(1.0);
    Exchange ex =
        exchange(
            HttpMethod.GET,
            Exchange.Protocol.HTTP_1_1,
            "traceparent",
            "00-" + TRACE_ID + "-00f067aa0ba902b7-00");
    o.exchangeStarted(ex);
    ExchangeTrace.of(ex).upstreamAttempt("gateway", 4444).end();
    o.exchangeEnded(ex, 200);

    assertThat(exported.getFinishedSpanItems()).isEmpty();
    String sent = ex.request().headers().get("traceparent");
    assertThat(sent).startsWith("00-" + TRACE_ID + "-").endsWith("-00");
    assertThat(sent).doesNotContain("00f067aa0ba902b7");
    assertThat(ex.record().traceId()).isEqualTo(TRACE_ID);
  }

  @Test
  void ratioZeroRecordsNoNewTrace() {
    ExchangeObserver o = tracer(0.0);
    Exchange ex = exchange(HttpMethod.GET, Exchange.Protocol.HTTP_1_1);
    o.exchangeStarted(ex);
    ExchangeTrace.of(ex).cacheLookup().end();
    o.exchangeEnded(ex, 200);
    assertThat(exported.getFinishedSpanItems()).isEmpty();
  }

  @Test
  void anUnrecordedExchangeBuildsNoSpanForItsCacheLookup() {
    ExchangeObserver o = tracer(0.0);
    Exchange ex = exchange(HttpMethod.GET, Exchange.Protocol.HTTP_1_1);
    o.exchangeStarted(ex);
    ExchangeTrace.Step lookup = ExchangeTrace.of(ex).cacheLookup();
    assertThat(lookup).isSameAs(SpanStep.UNRECORDED);
    lookup.attribute("mcp_edge.cache.decision", "FRESH_HIT");
    lookup.status(500);
    lookup.end();
    o.exchangeEnded(ex, 200);
    assertThat(exported.getFinishedSpanItems()).isEmpty();
  }

  @Test
  void aRecordedExchangeStillGetsItsCacheLookupSpan() {
    ExchangeObserver o = tracer(1.0);
    Exchange ex = exchange(HttpMethod.GET, Exchange.Protocol.HTTP_1_1);
    o.exchangeStarted(ex);
    ExchangeTrace.Step lookup = ExchangeTrace.of(ex).cacheLookup();
    assertThat(lookup).isNotSameAs(SpanStep.UNRECORDED);
    lookup.attribute("mcp_edge.cache.decision", "FRESH_HIT");
    lookup.end();
    o.exchangeEnded(ex, 200);
    List<SpanData> spans = exported.getFinishedSpanItems();
    assertThat(spans).hasSize(2);
    assertThat(spans.get(0).getName()).isEqualTo("cache lookup");
    assertThat(spans.get(0).getParentSpanId()).isEqualTo(spans.get(1).getSpanId());
    assertThat(spans.get(0).getAttributes().get(AttributeKey.stringKey("mcp_edge.cache.decision")))
        .isEqualTo("FRESH_HIT");
    assertThat(spans.get(1).getAttributes().get(AttributeKey.stringKey("url.scheme")))
        .isEqualTo("http");
  }
}
