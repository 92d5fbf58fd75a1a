package io.mcpedge.server.tracing;

import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.exchange.ExchangeTrace;
import io.netty.handler.codec.http.HttpHeaders;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.Map;
import java.util.function.Function;

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
  private final String method;
  private final Function<Context, Span> restart;
  private Span span;
  private Context context;
  private boolean parented;
  private int attempts;

  /**
   * @param parented the head carried a valid trace context, which the span continues
   * @param restart starts the server span again under another parent, from the exchange's start
   */
  ServerSpan(
      Tracer tracer,
      TextMapPropagator propagator,
      Exchange ex,
      Span span,
      Context context,
      String method,
      boolean parented,
      Function<Context, Span> restart) {
    this.tracer = tracer;
    this.propagator = propagator;
    this.ex = ex;
    this.span = span;
    this.context = context;
    this.method = method;
    this.parented = parented;
    this.restart = restart;
  }

  Span span() {
    return span;
  }

  /**
   * Replaces the root span, which has not ended and so was never exported, by one that continues
   * the message's trace context and starts when the exchange did.
   */
  @Override
  public void joinMessageContext(String traceparent, String tracestate) {
    if (parented || attempts > 0 || traceparent == null) {
      return;
    }
    Map<String, String> carrier =
        tracestate == null
            ? Map.of("traceparent", traceparent)
            : Map.of("traceparent", traceparent, "tracestate", tracestate);
    Context parent = propagator.extract(Context.root(), carrier, MapAccess.INSTANCE);
    if (!Span.fromContext(parent).getSpanContext().isValid()) {
      return;
    }
    parented = true;
    span = restart.apply(parent);
    context = parent.with(span);
    if (span.getSpanContext().isValid()) {
      ex.record().traceId(span.getSpanContext().getTraceId());
    }
  }

  /** Reads the W3C fields from the message's {@code _meta}. */
  private enum MapAccess implements TextMapGetter<Map<String, String>> {
    INSTANCE;

    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  }

  /**
   * A child of a server span that is not recorded is not recorded either (the sampler is parent
   * based), so the cache lookup's step is then a no-op: no span is built for it.
   */
  @Override
  public Step cacheLookup() {
    if (!span.isRecording()) {
      return SpanStep.UNRECORDED;
    }
    return new SpanStep(
        tracer
            .spanBuilder("cache lookup")
            .setParent(context)
            .setSpanKind(SpanKind.INTERNAL)
            .startSpan(),
        500);
  }

  /**
   * An attempt gets a span even when it is not recorded: its id is the parent id the upstream sees.
   * Its attributes are set only when it is recorded.
   */
  @Override
  public Step upstreamAttempt(String host, int port) {
    Span attempt =
        tracer.spanBuilder(method).setParent(context).setSpanKind(SpanKind.CLIENT).startSpan();
    if (attempt.isRecording()) {
      attempt
          .setAttribute(METHOD, method)
          .setAttribute(SERVER_ADDRESS, host)
          .setAttribute(SERVER_PORT, (long) port);
      if (attempts > 0) {
        attempt.setAttribute(RESEND_COUNT, (long) attempts);
      }
    }
    attempts++;
    HttpHeaders headers = ex.request().headers();
    // A tracestate the client sent but the propagator refused must not ride along with our id.
    headers.remove("tracestate");
    propagator.inject(context.with(attempt), headers, HeaderAccess.INSTANCE);
    return new SpanStep(attempt, 400);
  }
}
