package io.mcpedge.server.cache;

import io.mcpedge.cache.CacheKey;
import io.mcpedge.cache.Coalescer;
import io.mcpedge.cache.Decision;
import io.mcpedge.cache.Flight;
import io.mcpedge.cache.HitResponder;
import io.mcpedge.cache.HttpCache;
import io.mcpedge.cache.LookupResult;
import io.mcpedge.cache.http.Fields;
import io.mcpedge.core.config.RouteCacheConfig;
import io.mcpedge.server.answer.LocalAnswers;
import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.exchange.ExchangeFilter;
import io.mcpedge.server.exchange.ExchangeRecord;
import io.mcpedge.server.exchange.ExchangeRecord.CacheResult;
import io.mcpedge.server.exchange.ExchangeTrace;
import io.mcpedge.server.exchange.Next;
import io.mcpedge.server.exchange.ResponseSink;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;

/**
 * Cache lookup and store for one route whose cache mode is not {@code off}: answers hits from the
 * store without touching the upstream, revalidates stale entries, collapses concurrent misses of
 * one key into one upstream request, refreshes {@code stale-while-revalidate} entries in the
 * background, and stores what the upstream answers. Sits at the cache position of {@link
 * io.mcpedge.server.route.RouteChains}: below rate limiting, above the breaker and retries, so a
 * hit costs neither a breaker permit nor an upstream attempt, and a breaker's 503 below counts as
 * an upstream failure for {@code stale-if-error}.
 */
public final class CacheFilter implements ExchangeFilter {

  /** How long stale entries are kept for revalidation beyond their own stale windows. */
  public static final Duration STALE_RETENTION = Duration.ofHours(1);

  private final HttpCache cache;
  private final RouteCacheConfig route;
  private final InstantSource clock;
  private final Duration coalesceTimeout;
  private final HitWriter hits;

  /**
   * @param hits writes answers from the store; one per server, shared by its routes
   */
  public CacheFilter(
      HttpCache cache,
      RouteCacheConfig route,
      InstantSource clock,
      Duration coalesceTimeout,
      HitWriter hits) {
    this.cache = cache;
    this.route = route;
    this.clock = clock;
    this.coalesceTimeout = coalesceTimeout;
    this.hits = hits;
  }

  @Override
  public void filter(Exchange ex, Next next, ResponseSink sink) {
    ExchangeTrace trace = ExchangeTrace.of(ex);
    if (trace == null) {
      handle(ex, next, sink, lookup(ex), true);
      return;
    }
    ExchangeTrace.Step span = trace.cacheLookup();
    LookupResult r = lookup(ex);
    span.attribute("mcp_edge.cache.decision", r.decision().name());
    span.end();
    handle(ex, next, sink, r, true);
  }

  LookupResult lookup(Exchange ex) {
    return cache.lookup().lookup(route, CacheRequests.of(ex.request()));
  }

  /** Acts on a lookup; {@code coalesce} is false for a follower that already waited once. */
  void handle(Exchange ex, Next next, ResponseSink sink, LookupResult r, boolean coalesce) {
    if (HeadAsGet.applies(r)) {
      handle(ex, next, HeadAsGet.fetchWithGet(ex, sink), r.asGet(), coalesce);
      return;
    }
    Decision d = r.decision();
    ExchangeRecord record = ex.record();
    switch (d) {
      case FRESH_HIT -> {
        record.cacheResult(CacheResult.HIT);
        hit(ex, next, sink, r);
      }
      case STALE_HIT -> {
        record.servedStale(ExchangeRecord.StaleReason.MAX_STALE);
        hit(ex, next, sink, r);
      }
      case STALE_WHILE_REVALIDATE -> {
        record.servedStale(ExchangeRecord.StaleReason.WHILE_REVALIDATE);
        BackgroundRefresh refresh = BackgroundRefresh.prepare(this, ex, next);
        if (hit(ex, next, sink, r)) {
          refresh.start();
        }
      }
      case MUST_REVALIDATE -> {
        record.cacheResult(CacheResult.MISS); // REVALIDATED once a 304 refreshes the entry
        revalidate(ex, next, sink, r, null);
      }
      case MISS -> {
        record.cacheResult(CacheResult.MISS);
        miss(ex, next, sink, r, coalesce);
      }
      case GATEWAY_TIMEOUT -> {
        record.cacheResult(CacheResult.MISS);
        onlyIfCached(ex, sink, r);
      }
      default -> {
        record.cacheResult(CacheResult.PASS);
        next.proceed(ex, forward(ex, r, sink, null));
      }
    }
  }

  /**
   * Writes the stored answer; when its body was freed after the lookup found it (evicted or purged
   * meanwhile, {@code cache.storage: direct}), forwards the request as a miss instead.
   */
  private boolean hit(Exchange ex, Next next, ResponseSink sink, LookupResult r) {
    if (hits.write(sink, HitResponder.respond(r), http1(ex))) {
      return true;
    }
    ex.record().cacheResult(CacheResult.MISS);
    next.proceed(ex, forward(ex, r, sink, null));
    return false;
  }

  private void miss(Exchange ex, Next next, ResponseSink sink, LookupResult r, boolean coalesce) {
    // Only a GET whose answer may be stored leads a flight: a HEAD or no-store leader would mark
    // the key uncacheable for everybody.
    if (!coalesce
        || !"GET".equals(r.request().method())
        || r.requestDirectives().noStore()
        || r.key() == null) {
      next.proceed(ex, forward(ex, r, sink, null));
      return;
    }
    Coalescer.Join<CacheKey> join = cache.coalescer().join(r.key());
    switch (join.role()) {
      case LEADER -> next.proceed(ex, forward(ex, r, sink, join.flight()));
      case FOLLOWER -> new Follower(this, ex, next, sink, join.flight()).start(coalesceTimeout);
      default -> next.proceed(ex, forward(ex, r, sink, null));
    }
  }

  /**
   * Forwards with the stored entry's validators in place of the client's own conditional headers
   * (RFC 9111 §4.3.1); the client's are restored as soon as the upstream answers, so the 304 or 200
   * the client gets is judged against what the client asked.
   */
  void revalidate(
      Exchange ex, Next next, ResponseSink sink, LookupResult r, Flight<CacheKey> flight) {
    HttpHeaders h = ex.request().headers();
    List<String> inm = h.getAll(HttpHeaderNames.IF_NONE_MATCH);
    List<String> ims = h.getAll(HttpHeaderNames.IF_MODIFIED_SINCE);
    h.remove(HttpHeaderNames.IF_NONE_MATCH).remove(HttpHeaderNames.IF_MODIFIED_SINCE);
    Fields v = r.validators();
    for (int i = 0; i < v.size(); i++) {
      h.add(v.name(i), v.value(i));
    }
    ForwardSink.Revalidation reval =
        new ForwardSink.Revalidation() {
          @Override
          public void restoreClientHeaders() {
            h.remove(HttpHeaderNames.IF_NONE_MATCH).remove(HttpHeaderNames.IF_MODIFIED_SINCE);
            inm.forEach(value -> h.add(HttpHeaderNames.IF_NONE_MATCH, value));
            ims.forEach(value -> h.add(HttpHeaderNames.IF_MODIFIED_SINCE, value));
          }

          @Override
          public void repeatUnconditionally() {
            next.proceed(ex, forward(ex, r, sink, null));
          }
        };
    next.proceed(ex, new ForwardSink(cache, clock, hits, r, sink, flight, reval, ex.record()));
  }

  ForwardSink forward(Exchange ex, LookupResult r, ResponseSink sink, Flight<CacheKey> flight) {
    return new ForwardSink(cache, clock, hits, r, sink, flight, null, ex.record());
  }

  /** RFC 9111 §5.2.1.7: {@code only-if-cached} and nothing usable is stored. */
  private static void onlyIfCached(Exchange ex, ResponseSink sink, LookupResult r) {
    FullHttpResponse res = LocalAnswers.onlyIfCached(ex.alloc());
    res.headers()
        .set(HitWriter.X_CACHE, io.mcpedge.cache.CacheStatus.X_CACHE_MISS)
        .set(HitWriter.CACHE_STATUS, r.forwardedStatus(false, 0));
    ex.respond(sink, res);
  }

  /** Whether the client speaks HTTP/1.1, where a hit's stored fields go out pre-encoded. */
  static boolean http1(Exchange ex) {
    return ex.protocol() == Exchange.Protocol.HTTP_1_1;
  }

  HitWriter hits() {
    return hits;
  }

  HttpCache cache() {
    return cache;
  }

  InstantSource clock() {
    return clock;
  }

  RouteCacheConfig route() {
    return route;
  }
}
