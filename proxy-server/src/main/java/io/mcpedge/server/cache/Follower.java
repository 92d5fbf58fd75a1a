package io.mcpedge.server.cache;

import io.mcpedge.cache.CacheKey;
import io.mcpedge.cache.CacheStatus;
import io.mcpedge.cache.Coalescer;
import io.mcpedge.cache.Delivery;
import io.mcpedge.cache.Flight;
import io.mcpedge.cache.HitResponder;
import io.mcpedge.cache.LookupResult;
import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.exchange.ExchangeRecord;
import io.mcpedge.server.exchange.Next;
import io.mcpedge.server.exchange.ResponseSink;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A miss waiting for another request's in-flight miss of the same key. The wait is bounded by
 * {@code coalesceTimeout} on the exchange's own event loop, and ends early when the client goes
 * away or the exchange times out (it is the exchange's canceller meanwhile). Then the request is
 * looked up again: served from the store when the leader stored a usable answer, otherwise sent
 * upstream without coalescing again.
 */
final class Follower implements Consumer<Coalescer.Outcome> {

  private final CacheFilter filter;
  private final Exchange ex;
  private final Next next;
  private final ResponseSink sink;
  private final Flight<CacheKey> flight;
  private Flight<CacheKey>.Waiter waiter;
  private Future<?> timer;

  Follower(CacheFilter filter, Exchange ex, Next next, ResponseSink sink, Flight<CacheKey> flight) {
    this.filter = filter;
    this.ex = ex;
    this.next = next;
    this.sink = sink;
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
    LookupResult again = filter.lookup(ex);
    if (outcome == Coalescer.Outcome.STORED && again.decision().servedFromCache()) {
      Delivery d = HitResponder.respond(again);
      long ttl = Math.floorDiv(again.entry().timing().remaining(again.now()), 1000);
      ex.record().cacheResult(ExchangeRecord.CacheResult.COALESCED);
      if (filter
          .hits()
          .write(sink, d.withCacheStatus(CacheStatus.collapsedHit(ttl)), CacheFilter.http1(ex))) {
        return;
      }
      // Freed between the lookup and the write: this follower goes upstream on its own.
      again = filter.lookup(ex);
    }
    filter.handle(ex, next, sink, again, false);
  }

  private void cancelled(Throwable cause) {
    waiter.cancel();
    if (timer != null) {
      timer.cancel(false);
    }
    sink.onError(cause);
  }
}
