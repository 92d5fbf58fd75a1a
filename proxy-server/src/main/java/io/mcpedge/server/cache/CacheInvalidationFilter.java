package io.mcpedge.server.cache;

import io.mcpedge.cache.CacheRequest;
import io.mcpedge.cache.HttpCache;
import io.mcpedge.cache.Invalidation;
import io.mcpedge.cache.InvalidationEvent;
import io.mcpedge.cache.UriNormaliser;
import io.mcpedge.core.config.PathMatch;
import io.mcpedge.core.route.PathMatcher;
import io.mcpedge.server.answer.AdminToken;
import io.mcpedge.server.answer.LocalAnswers;
import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.exchange.ExchangeFilter;
import io.mcpedge.server.exchange.ForwardingSink;
import io.mcpedge.server.exchange.Next;
import io.mcpedge.server.exchange.ResponseSink;
import io.mcpedge.server.mcp.McpCall;
import io.mcpedge.server.mcp.cache.McpInvalidation;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;

/**
 * Keeps the cache true to unsafe requests on every proxied route, including routes that do not
 * cache: a {@code POST /v1/tools} usually takes a different route than the cached {@code GET
 * /v1/tools}, yet must invalidate it. After a non-error answer to an unsafe method, the target URI
 * and its same-origin {@code Location} / {@code Content-Location} are invalidated in every
 * credential scope (RFC 9111 §4.4), and so are the stored paths that the route's {@code
 * cache.invalidates} names (a {@code DELETE /servers/1} changes {@code GET /servers}), with the MCP
 * lists of the same collections ({@link McpInvalidation}). Also answers {@code PURGE <path>} with
 * the admin token. Sits at the cache position of {@link io.mcpedge.server.route.RouteChains}, above
 * {@link CacheFilter}; safe methods pass at the cost of one comparison.
 */
public final class CacheInvalidationFilter implements ExchangeFilter {

  static final HttpMethod PURGE = HttpMethod.valueOf("PURGE");

  private final HttpCache cache;
  private final AdminToken token;
  private final List<PathMatcher> invalidates;
  private final McpInvalidation mcp;

  /**
   * @param invalidates the route's {@code cache.invalidates}: what its successful unsafe requests
   *     drop besides their own URIs
   */
  public CacheInvalidationFilter(HttpCache cache, String adminToken, List<PathMatch> invalidates) {
    this.cache = cache;
    this.token = new AdminToken(adminToken);
    this.invalidates = invalidates.stream().map(PathMatcher::new).toList();
    this.mcp = new McpInvalidation(cache, this.invalidates);
  }

  @Override
  public void filter(Exchange ex, Next next, ResponseSink sink) {
    HttpMethod method = ex.request().method();
    if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
      next.proceed(ex, sink);
    } else if (PURGE.equals(method)) {
      purge(ex, sink);
    } else if (Invalidation.isSafe(method.name()) || ex.get(McpCall.KEY) != null) {
      // An MCP message is a POST to the endpoint, not a write of the resource at its URI: a
      // cached tools/list answered there must cost no invalidation.
      next.proceed(ex, sink);
    } else {
      next.proceed(
          ex, new Invalidating(cache, CacheRequests.of(ex.request()), invalidates, mcp, sink));
    }
  }

  private void purge(Exchange ex, ResponseSink sink) {
    HttpResponseStatus refusal =
        token.refusal(ex.request().headers().get(HttpHeaderNames.AUTHORIZATION));
    if (refusal != null) {
      ex.respond(sink, token.refuse(refusal, ex.alloc()));
      return;
    }
    CacheRequest req = CacheRequests.of(ex.request());
    String uri = UriNormaliser.normalise(req.scheme(), req.authority(), req.target());
    int removed = cache.invalidations().local(new InvalidationEvent.Urls(List.of(uri)));
    ex.respond(
        sink,
        LocalAnswers.text(
            HttpResponseStatus.OK, "purged " + uri + " (" + removed + " keys)\n", ex.alloc()));
  }

  /** Invalidates when the head of a non-error answer passes. */
  private static final class Invalidating extends ForwardingSink {
    private final HttpCache cache;
    private final CacheRequest request;
    private final List<PathMatcher> paths;
    private final McpInvalidation mcp;

    Invalidating(
        HttpCache cache,
        CacheRequest request,
        List<PathMatcher> paths,
        McpInvalidation mcp,
        ResponseSink down) {
      super(down);
      this.cache = cache;
      this.request = request;
      this.paths = paths;
      this.mcp = mcp;
    }

    @Override
    public void onHead(HttpResponse head) {
      int status = head.status().code();
      cache.updates().invalidateAfter(request, status, new NettyHeaderView(head.headers()));
      cache.updates().invalidatePathsAfter(request, status, paths);
      if (status >= 200 && status < 400) {
        mcp.afterWrite(request.target());
      }
      next.onHead(head);
    }
  }
}
