package io.mcpedge.server.exchange;

import java.util.List;

/**
 * The immutable, per-route chain of request policies, built once per config snapshot and shared by
 * every exchange on every event loop.
 *
 * <p>The order, outermost first, is fixed here for every route:
 *
 * <ol>
 *   <li>route match (done by the exchange driver before the chain runs; no route answers 404)
 *   <li>edge security (deny paths, drop untrusted inbound headers)
 *   <li>SSE keep-alive ({@code SseKeepaliveFilter}, on routes that set {@code sseKeepalive}), so
 *       that its comments reach the client only
 *   <li>rate limit ({@code RateLimitFilter})
 *   <li>cache invalidation and cache lookup and store
 *   <li>header hygiene ({@link HeaderHygieneFilter}: hop-by-hop headers, {@code X-Forwarded-*},
 *       {@code Via}) on what goes to and comes from the upstream: inside the cache, so that a hit
 *       costs no header rewriting, and what is stored is already clean (with its {@code Via})
 *   <li>retry ({@code RetryFilter})
 *   <li>per-try timeout (the route's whole-exchange {@code request} and {@code idle} timeouts are
 *       timers of the {@link Exchange} itself, so they bound retries too)
 *   <li>the terminal stage: the upstream, or a direct response. The upstream stage chooses the
 *       endpoint (load balancing, outlier ejection) and checks the circuit breaker and the overload
 *       thresholds for every attempt, retries included, so each attempt's outcome is counted; a
 *       breaker's {@code 503} goes up through the sinks like an answer, where the cache may replace
 *       it with stale content.
 * </ol>
 *
 * A filter that a route does not use is simply absent, so an unused policy costs nothing. A
 * WebSocket opening handshake runs a shorter chain of the same route ({@code Routes#upgradeChain}):
 * hygiene that keeps the upgrade headers, rate limit, the upstream; no cache, no retry.
 */
public final class FilterChain {

  private final Next head;
  private final int size;

  public FilterChain(List<ExchangeFilter> filters, Next terminal) {
    Next n = terminal;
    for (int i = filters.size() - 1; i >= 0; i--) {
      ExchangeFilter f = filters.get(i);
      Next after = n;
      n = (ex, sink) -> f.filter(ex, after, sink);
    }
    this.head = n;
    this.size = filters.size();
  }

  /** Runs the exchange through the chain; the response arrives at {@code sink}. */
  public void run(Exchange ex, ResponseSink sink) {
    head.proceed(ex, sink);
  }

  /** Number of filters before the terminal stage. */
  public int size() {
    return size;
  }
}
