package io.mcpedge.server.tracing;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.NANOSECONDS;

import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.exchange.ExchangeObserver;
import io.mcpedge.server.exchange.ExchangeTrace;
import io.netty.util.AsciiString;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.Set;

/**
 * Starts a SERVER span for every exchange, continuing the client's W3C trace context ({@code
 * traceparent}, {@code tracestate}, {@code baggage}), and ends it with the status written to the
 * client. Attributes follow the OpenTelemetry HTTP semantic conventions; {@code url.path} is the
 * path without its query, so no query credential ({@code token}) reaches a span, and {@code
 * http.route} is the route's name. The span reaches the filters through {@link ExchangeTrace}. An
 * MCP request whose head carries no trace context but whose message does ({@code
 * params._meta.traceparent}) has its span started again under that context once the envelope is
 * read ({@link ExchangeTrace#joinMessageContext}). Only installed when tracing is on.
 */
final class ExchangeTracer implements ExchangeObserver {

  static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
  static final AttributeKey<String> URL_SCHEME = AttributeKey.stringKey("url.scheme");
  static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
  static final AttributeKey<String> METHOD_ORIGINAL =
      AttributeKey.stringKey("http.request.method_original");
  static final AttributeKey<String> PROTOCOL_VERSION =
      AttributeKey.stringKey("network.protocol.version");
  static final AttributeKey<String> CLIENT_ADDRESS = AttributeKey.stringKey("client.address");

  /** The methods the conventions name; any other is {@code _OTHER}. */
  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE");

  private final Tracer tracer;
  private final TextMapPropagator propagator;

  ExchangeTracer(Tracer tracer, TextMapPropagator propagator) {
    this.tracer = tracer;
    this.propagator = propagator;
  }

  @Override
  public void exchangeStarted(Exchange ex) {
    Context parent =
        propagator.extract(Context.root(), ex.request().headers(), HeaderAccess.INSTANCE);
    String sent = ex.request().method().name();
    String method = METHODS.contains(sent) ? sent : "_OTHER";
    Span span = start(ex, sent, method, parent, 0);
    boolean parented = Span.fromContext(parent).getSpanContext().isValid();
    ex.set(
        ExchangeTrace.KEY,
        new ServerSpan(
            tracer,
            propagator,
            ex,
            span,
            parent.with(span),
            method,
            parented,
            p -> start(ex, sent, method, p, startEpochNanos(ex))));
    SpanContext sc = span.getSpanContext();
    if (sc.isValid()) {
      ex.record().traceId(sc.getTraceId());
    }
  }

  /** When {@code ex} started, in nanoseconds since the epoch (for a span started later). */
  private static long startEpochNanos(Exchange ex) {
    return MILLISECONDS.toNanos(System.currentTimeMillis()) - (ex.nanoTime() - ex.startNanos());
  }

  /**
   * Starts the server span under {@code parent}, at {@code startEpochNanos} (0: now). Its
   * attributes are set only once the sampler has made it a recording span: the sampler (parent
   * based, then by trace id) does not read them, and at a sampling ratio of 0.01 nearly every span
   * is not recorded, so building them first would be work thrown away on nearly every exchange.
   */
  private Span start(
      Exchange ex, String sent, String method, Context parent, long startEpochNanos) {
    String route = ex.routeName();
    String name = method.equals("_OTHER") ? "HTTP" : method;
    SpanBuilder b =
        tracer
            .spanBuilder(route == null ? name : name + " " + route)
            .setParent(parent)
            .setSpanKind(SpanKind.SERVER);
    if (startEpochNanos != 0) {
      b.setStartTimestamp(startEpochNanos, NANOSECONDS);
    }
    Span span = b.startSpan();
    if (!span.isRecording()) {
      return span;
    }
    span.setAttribute(ServerSpan.METHOD, method)
        .setAttribute(URL_PATH, ex.head().path())
        .setAttribute(URL_SCHEME, "http")
        .setAttribute(PROTOCOL_VERSION, ex.protocol() == Exchange.Protocol.HTTP_2 ? "2" : "1.1");
    if (!method.equals(sent)) {
      span.setAttribute(METHOD_ORIGINAL, sent);
    }
    if (route != null) {
      span.setAttribute(ROUTE, route);
    }
    String host = ex.head().host();
    if (host != null) {
      span.setAttribute(ServerSpan.SERVER_ADDRESS, host);
    }
    AsciiString client = ex.clientAddressText();
    if (client != null) {
      span.setAttribute(CLIENT_ADDRESS, client.toString());
    }
    return span;
  }

  @Override
  public void exchangeEnded(Exchange ex, int status) {
    if (!(ExchangeTrace.of(ex) instanceof ServerSpan s)) {
      return;
    }
    Span span = s.span();
    if (status > 0) {
      span.setAttribute(SpanStep.STATUS, (long) status);
      if (status >= 500) {
        span.setAttribute(SpanStep.ERROR_TYPE, Integer.toString(status));
        span.setStatus(StatusCode.ERROR);
      }
    } else {
      span.setAttribute(SpanStep.ERROR_TYPE, "_OTHER");
      span.setStatus(StatusCode.ERROR, "no response was written");
    }
    span.end();
  }
}
