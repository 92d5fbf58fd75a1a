package io.mcpedge.server.policy;

import io.mcpedge.core.policy.ratelimit.RateLimitDecision;
import io.mcpedge.core.policy.ratelimit.RateLimiter;
import io.mcpedge.server.answer.LocalAnswers;
import io.mcpedge.server.answer.RateLimitAnswers;
import io.mcpedge.server.codec.HeaderNames;
import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.exchange.ExchangeFilter;
import io.mcpedge.server.exchange.ForwardingSink;
import io.mcpedge.server.exchange.Next;
import io.mcpedge.server.exchange.ResponseSink;
import io.mcpedge.server.mcp.McpCall;
import io.netty.handler.codec.http.HttpResponse;
import java.util.function.Function;

/**
 * A route's local rate limit: the first request policy after edge security and header hygiene (see
 * {@link io.mcpedge.server.route.RouteChains}), present only on routes with {@code rateLimit}. One
 * token per exchange, taken when it starts (a stream counts once, whatever it lasts), without
 * waiting.
 *
 * <p>Over the limit the exchange is answered {@code 429} with {@code Retry-After}, {@code
 * RateLimit} and {@code RateLimit-Policy} (draft-ietf-httpapi-ratelimit-headers), and for a
 * verified MCP request a JSON-RPC error body with its {@code id}; nothing reaches the cache or the
 * upstream and the request body is released. Admitted answers carry {@code RateLimit} and {@code
 * RateLimit-Policy} too, so that well-behaved clients can pace themselves before they are refused.
 */
public final class RateLimitFilter implements ExchangeFilter {

  private final RateLimiter limiter;
  private final Function<Exchange, String> key;
  private final RejectionCounters rejections;
  private final RateLimitAnswers answers = new RateLimitAnswers();

  /**
   * @param key the bucket key of a request ({@code null}: the shared bucket), see {@link
   *     RateLimitKeys}
   */
  public RateLimitFilter(
      RateLimiter limiter, Function<Exchange, String> key, RejectionCounters rejections) {
    this.limiter = limiter;
    this.key = key;
    this.rejections = rejections;
  }

  @Override
  public void filter(Exchange ex, Next next, ResponseSink sink) {
    RateLimitDecision decision = limiter.tryAcquire(key.apply(ex));
    if (!decision.allowed()) {
      rejections.reject(ex, RejectionReason.RATE_LIMITED);
      McpCall call = ex.get(McpCall.KEY);
      LocalAnswers.instead(
          ex,
          sink,
          call == null
              ? answers.rejected(ex.routeName(), decision)
              : answers.rejectedJsonRpc(ex.routeName(), decision, call.id(), ex.alloc()));
      return;
    }
    next.proceed(ex, new Decorated(sink, decision, answers.policy(decision)));
  }

  /** Adds the limit's headers to an admitted answer. */
  private static final class Decorated extends ForwardingSink {
    private final RateLimitDecision decision;
    private final CharSequence policy;

    Decorated(ResponseSink next, RateLimitDecision decision, CharSequence policy) {
      super(next);
      this.decision = decision;
      this.policy = policy;
    }

    @Override
    public void onHead(HttpResponse head) {
      head.headers()
          .set(HeaderNames.RATE_LIMIT_POLICY, policy)
          .set(HeaderNames.RATE_LIMIT, decision.rateLimitHeader());
      next.onHead(head);
    }
  }
}
