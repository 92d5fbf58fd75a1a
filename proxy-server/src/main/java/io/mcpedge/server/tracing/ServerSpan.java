package io.mcpedge.server.tracing;

import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.exchange.ExchangeTrace;
import io.netty.handler.codec.http.HttpHeaders;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;

/**
 * The server span of one traced exchange and the parent of its steps: each upstream attempt gets a
 * CLIENT span of its own, numbered by {@code http.request.resend_count}, and the request's trace
 * headers are rewritten for it, so the upstream sees the attempt's span as its parent. Confined to
 * the exchange's event loop.
 */
final class ServerSpan implements ExchangeTrace {

  static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  static final AttributeKey<Long> RESEND_COUNT = AttributeKey.longKey("http.request.resend_count");

  private final Tracer tracer;
  private final TextMapPropagator propagator;
  private final Exchange ex;
  private final Span span;
  private final Context context;
  private final String method;
  private int attempts;

  ServerSpan(
      Tracer tracer,
      TextMapPropagator propagator,
      Exchange ex,
      Span span,
      Context context,
      String method) {
    this.tracer = tracer;
    this.propagator = propagator;
    this.ex = ex;
    this.span = span;
    this.context = context;
    this.method = method;
  }

  Span span() {
    return span;
  }

  @Override
  public Step cacheLookup() {
    return new SpanStep(
        tracer
            .spanBuilder("cache lookup")
            .setParent(context)
            .setSpanKind(SpanKind.INTERNAL)
            .startSpan(),
        500);
  }

  @Override
  public Step upstreamAttempt(String host, int port) {
    var b =
        tracer
            .spanBuilder(method)
            .setParent(context)
            .setSpanKind(SpanKind.CLIENT)
            .setAttribute(METHOD, method)
            .setAttribute(SERVER_ADDRESS, host)
            .setAttribute(SERVER_PORT, (long) port);
    if (attempts > 0) {
      b.setAttribute(RESEND_COUNT, (long) attempts);
    }
    attempts++;
    Span attempt = b.startSpan();
    HttpHeaders headers = ex.request().headers();
    // A tracestate the client sent but the propagator refused must not ride along with our id.
    headers.remove("tracestate");
    propagator.inject(context.with(attempt), headers, HeaderAccess.INSTANCE);
    return new SpanStep(attempt, 400);
  }
}
