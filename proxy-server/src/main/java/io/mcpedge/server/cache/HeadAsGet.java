package io.mcpedge.server.cache;

import io.mcpedge.cache.Decision;
import io.mcpedge.cache.LookupResult;
import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.exchange.ForwardingSink;
import io.mcpedge.server.exchange.ResponseSink;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;

/**
 * Fetches a {@code HEAD} that misses (or must revalidate) on a cached route with {@code GET}, as
 * Varnish's built-in VCL does: the answer is stored when storable, the client gets its head only
 * (the downstream end drops the body of an answer to {@code HEAD}, RFC 9110 §9.3.2, keeping the
 * {@code GET} answer's {@code Content-Length}), and the next {@code GET} or {@code HEAD} is a hit.
 * The gateway answers {@code HEAD /tools} with 405, so forwarding the {@code HEAD} would give the
 * client an error for a resource that exists. A {@code HEAD} the cache passes (a route whose cache
 * is off, a request with {@code no-store}) is forwarded as {@code HEAD}.
 */
final class HeadAsGet {

  private HeadAsGet() {}

  /** Whether {@code r} is a {@code HEAD} whose upstream request should be a storing {@code GET}. */
  static boolean applies(LookupResult r) {
    return "HEAD".equals(r.request().method())
        && r.key() != null
        && (r.decision() == Decision.MISS || r.decision() == Decision.MUST_REVALIDATE)
        && !r.requestDirectives().noStore();
  }

  /**
   * Makes the exchange's request a {@code GET} until the answer's head (or a failure) reaches the
   * returned sink, which puts {@code HEAD} back, so that logs and anything after the upstream
   * attempt see the client's method.
   */
  static ResponseSink fetchWithGet(Exchange ex, ResponseSink sink) {
    ex.request().setMethod(HttpMethod.GET);
    return new ForwardingSink(sink) {
      @Override
      public void onHead(HttpResponse head) {
        ex.request().setMethod(HttpMethod.HEAD);
        next.onHead(head);
      }

      @Override
      public void onError(Throwable cause) {
        ex.request().setMethod(HttpMethod.HEAD);
        next.onError(cause);
      }
    };
  }
}
