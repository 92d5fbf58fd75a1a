package io.mcpedge.server.mcp.cache;

import io.mcpedge.cache.CacheKey;
import io.mcpedge.cache.Coalescer;
import io.mcpedge.cache.HeapBody;
import io.mcpedge.cache.HttpCache;
import io.mcpedge.cache.StoredResponse;
import io.mcpedge.core.config.McpCacheConfig;
import io.mcpedge.core.credential.Credential;
import io.mcpedge.core.credential.HeaderLookup;
import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.exchange.ExchangeFilter;
import io.mcpedge.server.exchange.ExchangeRecord.CacheResult;
import io.mcpedge.server.exchange.Next;
import io.mcpedge.server.exchange.ResponseSink;
import io.mcpedge.server.mcp.McpCall;
import io.mcpedge.server.mcp.McpRevision;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;

/**
 * The MCP result cache of one route ({@code cache.mcp}): answers a cacheable request of the
 * stateless revision from a stored result, with the requester's own id, and stores what the server
 * answers to a miss (MCP specification 2026-07-28, server/utilities/caching). Reads the {@link
 * McpCall} that header verification attached; a request without one (not MCP, a legacy session, an
 * unknown revision, a notification) passes untouched. Sits at the cache position of {@code
 * RouteChains}, after the verification that makes the call trustworthy: a header that disagrees
 * with the body never reaches it.
 *
 * <p>A {@code private} result, or one kept by the route's {@code defaultTtl}, is keyed on the
 * caller's credential (the {@link Credential} the HTTP cache keys on); a {@code public} one is
 * shared. Concurrent misses of one key and credential wait for the first (the HTTP cache's {@link
 * Coalescer}).
 */
public final class McpCacheFilter implements ExchangeFilter {

  private final McpResults results;
  private final Credential credential;
  private final String route;
  private final McpCacheConfig config;
  private final long maxResultSize;
  private final Duration coalesceTimeout;

  /**
   * @param route the route's name, part of every key (two routes may front two servers)
   * @param credential who is who, as the HTTP cache's per-credential entries say
   * @param maxResultSize the largest answer kept ({@code cache.maxObjectSize})
   */
  public McpCacheFilter(
      HttpCache cache,
      InstantSource clock,
      Credential credential,
      String route,
      McpCacheConfig config,
      long maxResultSize,
      Duration coalesceTimeout) {
    this.results = new McpResults(cache, clock);
    this.credential = credential;
    this.route = route;
    this.config = config;
    this.maxResultSize = maxResultSize;
    this.coalesceTimeout = coalesceTimeout;
  }

  @Override
  public void filter(Exchange ex, Next next, ResponseSink sink) {
    McpCall call = ex.get(McpCall.KEY);
    if (call == null
        || call.revision() != McpRevision.STATELESS
        || call.id() == null
        || !config.caches(call.method())) {
      next.proceed(ex, sink);
      return;
    }
    if (call.roundTripRetry()) {
      // Its result depends on inputs outside the key: never served from, nor put in, the store
      // (caching, "Cache Key").
      ex.record().cacheResult(CacheResult.PASS);
      next.proceed(ex, sink);
      return;
    }
    Lookup l = lookup(ex, call);
    if (answer(ex, sink, call, l, CacheResult.HIT)) {
      return;
    }
    ex.record().cacheResult(CacheResult.MISS);
    Coalescer.Join<CacheKey> join = results.cache().coalescer().join(l.privateKey());
    switch (join.role()) {
      case LEADER -> next.proceed(ex, forward(ex, call, l, sink, join));
      case FOLLOWER ->
          new McpFollower(this, ex, next, sink, call, join.flight()).start(coalesceTimeout);
      default -> next.proceed(ex, forward(ex, call, l, sink, null));
    }
  }

  /** The keys of a request, and what is fresh under them. */
  record Lookup(String uri, CacheKey privateKey, StoredResponse entry) {}

  Lookup lookup(Exchange ex, McpCall call) {
    McpFormat format = McpFormat.of(ex.request().headers().get(HttpHeaderNames.ACCEPT));
    String uri = McpResultKeys.uri(route, endpoint(ex.request()), call, format);
    HttpHeaders headers = ex.request().headers();
    String hash =
        credential.hash(
            new HeaderLookup() {
              @Override
              public String get(CharSequence name) {
                return headers.get(name);
              }

              @Override
              public List<String> getAll(CharSequence name) {
                return headers.getAll(name);
              }
            });
    CacheKey own = McpResultKeys.privateKey(uri, hash);
    StoredResponse e = results.fresh(own);
    if (e == null) {
      e = results.fresh(McpResultKeys.sharedKey(uri));
    }
    return new Lookup(uri, own, e);
  }

  /** Host and path of the request, without the query. */
  private static String endpoint(HttpRequest req) {
    String host = req.headers().get(HttpHeaderNames.HOST);
    String target = req.uri();
    int q = target.indexOf('?');
    String path = q < 0 ? target : target.substring(0, q);
    return host == null ? path : host + path;
  }

  /** Answers from {@code l}'s entry, if there is one; returns whether it did. */
  boolean answer(Exchange ex, ResponseSink sink, McpCall call, Lookup l, CacheResult how) {
    StoredResponse e = l.entry();
    byte[] result = e == null ? null : result(e);
    if (result == null) {
      return false;
    }
    ex.record().cacheResult(how);
    long age = Math.floorDiv(e.timing().currentAge(results.now()), 1000);
    ex.respond(sink, McpAnswer.of(ex.alloc(), call.id(), result, McpResults.isSse(e), age));
    return true;
  }

  /**
   * The stored result's bytes: results are kept as heap arrays, answered without a copy; any other
   * body is copied, or {@code null} once it was freed.
   */
  private static byte[] result(StoredResponse e) {
    if (e.body() instanceof HeapBody heap) {
      return heap.array();
    }
    return e.body().copy(0, e.body().length());
  }

  ResponseSink forward(
      Exchange ex, McpCall call, Lookup l, ResponseSink sink, Coalescer.Join<CacheKey> join) {
    return new McpStoreSink(
        results, config, call, l, maxResultSize, sink, join == null ? null : join.flight());
  }
}
