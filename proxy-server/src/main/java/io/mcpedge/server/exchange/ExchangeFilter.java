package io.mcpedge.server.exchange;

/**
 * One request policy (rate limit, cache, breaker, retry, ...). A filter sees the exchange before
 * the upstream does and may: pass it on with {@code next.proceed(ex, sink)}, pass it on with a
 * wrapped sink to observe or change the response, answer by itself through {@link
 * Exchange#respond}, or call {@code next} more than once (retries, revalidation). Filters are
 * immutable and shared by every exchange of a route; per-exchange state lives in locals, in the
 * wrapped sink or in the exchange's attributes ({@link Exchange#get}, {@link Exchange#set}). They
 * run on the exchange's event loop and never block.
 *
 * <p>The order of filters is written down once, in {@code io.mcpedge.server.route.RouteChains}.
 */
@FunctionalInterface
public interface ExchangeFilter {

  void filter(Exchange ex, Next next, ResponseSink sink);
}
