package io.mcpedge.server.exchange;

import io.netty.util.AttributeKey;

/**
 * The trace of one exchange, through which the filters and the upstream stage add child spans to
 * its server span without knowing the tracing library. The tracer attaches it as the exchange
 * starts when tracing is on; when tracing is off there is none, and a filter pays one attribute
 * look-up and allocates nothing. Confined to the exchange's event loop.
 */
public interface ExchangeTrace {

  AttributeKey<ExchangeTrace> KEY = AttributeKey.valueOf("mcp-edge.exchange-trace");

  /** The trace of {@code ex}, or {@code null} when it is not traced. */
  static ExchangeTrace of(Exchange ex) {
    return ex.get(KEY);
  }

  /** Starts the child span of a cache lookup. */
  Step cacheLookup();

  /**
   * Starts the child span of one upstream attempt to {@code host:port} and writes its context into
   * the request's trace headers ({@code traceparent}, {@code tracestate}, {@code baggage}), so that
   * each attempt reaches the upstream with a parent id of its own.
   */
  Step upstreamAttempt(String host, int port);

  /**
   * The trace context the request's message carries itself, read after the head: MCP 2026-07-28
   * requests carry W3C trace context in {@code params._meta.traceparent} and {@code tracestate}
   * (SEP-414). When the head carried none, the server span joins this one instead, as if the head
   * had; otherwise (and once an attempt has started) nothing changes.
   */
  default void joinMessageContext(String traceparent, String tracestate) {}

  /** One child span: told what happened, then ended exactly once. */
  interface Step {

    /** A short fact about the step ({@code mcp_edge.cache.decision}: {@code FRESH_HIT}). */
    void attribute(String key, String value);

    /** The status of the response this step received; 5xx marks the span as an error. */
    void status(int code);

    /** The step failed without a response; {@code kind} names how (a {@link Failure} name). */
    void failed(String kind);

    void end();
  }
}
