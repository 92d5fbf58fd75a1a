package io.mcpedge.server.mcp.cache;

import io.mcpedge.cache.CacheKey;
import io.mcpedge.cache.Coalescer;
import io.mcpedge.cache.Flight;
import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.exchange.ExchangeRecord.CacheResult;
import io.mcpedge.server.exchange.Next;
import io.mcpedge.server.exchange.ResponseSink;
import io.mcpedge.server.mcp.McpCall;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * An MCP miss waiting for another request's miss of the same key and credential, as the HTTP
 * cache's follower does: the wait is bounded by {@code cache.coalesceTimeout} on the exchange's
 * event loop and ends early when the client goes away. Then the request is looked up again and
 * answered from the store, or sent upstream without coalescing again.
 */
final class McpFollower implements Consumer<Coalescer.Outcome> {

  private final McpCacheFilter filter;
  private final Exchange ex;
  private final Next next;
  private final ResponseSink sink;
  private final McpCall call;
  private final Flight<CacheKey> flight;
  private Flight<CacheKey>.Waiter waiter;
  private Future<?> timer;

  McpFollower(
      McpCacheFilter filter,
      Exchange ex,
      Next next,
      ResponseSink sink,
      McpCall call,
      Flight<CacheKey> flight) {
    this.filter = filter;
    this.ex = ex;
    this.next = next;
    this.sink = sink;
    this.call = call;
    this.flight = flight;
  }

  void start(Duration timeout) {
    ex.setCanceller(this::cancelled);
    waiter = flight.follow(ex.eventLoop(), this);
    Flight<CacheKey>.Waiter w = waiter;
    timer = ex.schedule(w::timeout, timeout.toNanos());
  }

  @Override
  public void accept(Coalescer.Outcome outcome) {
    timer.cancel(false);
    if (ex.isDone()) {
      return;
    }
    ex.setCanceller(null);
    McpCacheFilter.Lookup again = filter.lookup(ex, call);
    if (filter.answer(ex, sink, call, again, CacheResult.COALESCED)) {
      return;
    }
    next.proceed(ex, filter.forward(ex, call, again, sink, null));
  }

  private void cancelled(Throwable cause) {
    waiter.cancel();
    if (timer != null) {
      timer.cancel(false);
    }
    sink.onError(cause);
  }
}
