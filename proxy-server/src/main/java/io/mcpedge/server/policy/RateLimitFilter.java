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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A route's rate limits: the first request policy after edge security and header hygiene (see
 * {@link io.mcpedge.server.route.RouteChains}), present only on routes with {@code rateLimit}. One
 * token per exchange and limit, taken when it starts (a stream counts once, whatever it lasts),
 * without waiting. With several limits, every one must admit the request; they are asked in the
 * order {@link PolicyFilters} puts them in (keyed limits first), and the first refusal answers.
 *
 * <p>A local limit decides on the event loop. A global one usually does too: without a future while
 * it knows the shared bucket is empty ({@link GlobalRateLimiter#tryAcquireNow}, the common case
 * under a flood), otherwise from its replica's copy of the shared bucket; when it must ask Redis,
 * the exchange resumes on its event loop once the answer, or the fallback after a failure or
 * timeout, is there.
 *
 * <p>Over the limit the exchange is answered {@code 429} with {@code Retry-After}, {@code
 * RateLimit} and {@code RateLimit-Policy} (draft-ietf-httpapi-ratelimit-headers), and for a
 * verified MCP request a JSON-RPC error body with its {@code id}; nothing reaches the cache or the
 * upstream and the request body is released. Admitted answers carry {@code RateLimit} and {@code
 * RateLimit-Policy} of the limit with the fewest tokens left, so that well-behaved clients can pace
 * themselves before they are refused.
 */
public final class RateLimitFilter implements ExchangeFilter {

  /** One limit of a route: who decides (a local or a global limiter) and what it is keyed on. */
  static final class Limit {
    final RateLimiter local;
    final GlobalRateLimiter global;
    final Function<Exchange, String> key;
    final RateLimitAnswers answers = new RateLimitAnswers();

    Limit(RateLimiter local, GlobalRateLimiter global, Function<Exchange, String> key) {
      this.local = local;
      this.global = global;
      this.key = key;
    }
  }

  private final Limit[] limits;
  private final RejectionCounters rejections;

  /**
   * @param key the bucket key of a request ({@code null}: the shared bucket), see {@link
   *     RateLimitKeys}
   */
  public RateLimitFilter(
      RateLimiter limiter, Function<Exchange, String> key, RejectionCounters rejections) {
    this(List.of(new Limit(limiter, null, key)), rejections);
  }

  RateLimitFilter(List<Limit> limits, RejectionCounters rejections) {
    this.limits = limits.toArray(new Limit[0]);
    this.rejections = rejections;
  }

  @Override
  public void filter(Exchange ex, Next next, ResponseSink sink) {
    check(ex, next, sink, 0, null, null);
  }

  /** Asks the limits from {@code from} on; {@code tightest} is the admitting decision so far. */
  private void check(
      Exchange ex,
      Next next,
      ResponseSink sink,
      int from,
      RateLimitDecision tightest,
      Limit tightestLimit) {
    for (int i = from; i < limits.length; i++) {
      Limit l = limits[i];
      String key = l.key.apply(ex);
      RateLimitDecision d;
      if (l.local != null) {
        d = l.local.tryAcquire(key);
      } else {
        d = l.global.tryAcquireNow(key);
        if (d == null) {
          CompletableFuture<RateLimitDecision> f = l.global.tryAcquire(key);
          if (!f.isDone()) {
            resumeLater(ex, next, sink, i, tightest, tightestLimit, f);
            return;
          }
          d = f.join(); // complete: no wait
        }
      }
      if (!d.allowed()) {
        reject(ex, sink, l, d);
        return;
      }
      if (tightest == null || d.remaining() < tightest.remaining()) {
        tightest = d;
        tightestLimit = l;
      }
    }
    next.proceed(ex, new Decorated(sink, tightest, tightestLimit.answers.policy(tightest)));
  }

  private void resumeLater(
      Exchange ex,
      Next next,
      ResponseSink sink,
      int at,
      RateLimitDecision tightest,
      Limit tightestLimit,
      CompletableFuture<RateLimitDecision> decision) {
    Limit l = limits[at];
    decision.thenAccept(
        d ->
            ex.eventLoop()
                .execute(
                    () -> {
                      if (ex.isDone() || ex.isTimedOut()) {
                        return; // answered meanwhile (the request timeout)
                      }
                      if (!d.allowed()) {
                        reject(ex, sink, l, d);
                      } else if (tightest == null || d.remaining() < tightest.remaining()) {
                        check(ex, next, sink, at + 1, d, l);
                      } else {
                        check(ex, next, sink, at + 1, tightest, tightestLimit);
                      }
                    }));
  }

  private void reject(Exchange ex, ResponseSink sink, Limit l, RateLimitDecision d) {
    rejections.reject(ex, RejectionReason.RATE_LIMITED);
    McpCall call = ex.get(McpCall.KEY);
    LocalAnswers.instead(
        ex,
        sink,
        call == null
            ? l.answers.rejected(ex.routeName(), d)
            : l.answers.rejectedJsonRpc(ex.routeName(), d, call.id(), ex.alloc()));
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
