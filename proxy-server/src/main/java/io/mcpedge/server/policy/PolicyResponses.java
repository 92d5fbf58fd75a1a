package io.mcpedge.server.policy;

import io.mcpedge.server.exchange.ErrorResponses;
import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.exchange.Failure;
import io.mcpedge.server.exchange.ResponseSink;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;

/**
 * The answers policies give themselves: {@code 429} when rate limited and {@code 503} with {@code
 * Retry-After} when a breaker is open. They go through the sink like an upstream answer (not
 * through {@code onError}), so that filters above (the cache, which may serve stale content on a
 * 503) see them. Bodies and status lines come from {@link ErrorResponses}; the {@code 429} is built
 * by {@link RateLimitAnswers}.
 */
final class PolicyResponses {

  private PolicyResponses() {}

  /** {@code 503 Service Unavailable} with {@code Retry-After}: the breaker is open. */
  static void breakerOpen(Exchange ex, ResponseSink sink, long retryAfterSeconds) {
    FullHttpResponse res =
        ErrorResponses.response(Failure.BREAKER_OPEN, ex.routeName(), ex.alloc());
    res.headers().set(HttpHeaderNames.RETRY_AFTER, Long.toString(retryAfterSeconds));
    send(ex, sink, res);
  }

  /** Answers without the upstream; the request body (if any) is not wanted any more. */
  static void send(Exchange ex, ResponseSink sink, FullHttpResponse res) {
    ex.body().release();
    sink.onHead(new LocalResponse(res.status(), res.headers()));
    sink.onContent(new DefaultLastHttpContent(res.content(), res.trailingHeaders()));
  }
}
