package io.mcpedge.server.cache;

import io.mcpedge.cache.CacheKey;
import io.mcpedge.cache.Coalescer;
import io.mcpedge.cache.Decision;
import io.mcpedge.cache.LookupResult;
import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.exchange.Next;
import io.mcpedge.server.exchange.ResponseSink;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * The one background refresh of an entry served inside its {@code stale-while-revalidate} window
 * (RFC 5861 §3), made through the coalescer so that concurrent stale hits start only one.
 *
 * <p>The client's exchange is over by the time the refresh answers, so the refresh runs as its own
 * {@link Exchange#background background exchange}: a GET copy of the client's request (same
 * credentials, so it lands in the same per-credential entry; without {@code Range} and the client's
 * conditionals), the route's own request and idle timers, and no flow control towards the client.
 * Its response only updates the store: every buffer is released here.
 */
final class BackgroundRefresh {

  private final CacheFilter filter;
  private final Exchange parent;
  private final Next next;
  private final HttpRequest copy;

  private BackgroundRefresh(CacheFilter filter, Exchange parent, Next next, HttpRequest copy) {
    this.filter = filter;
    this.parent = parent;
    this.next = next;
    this.copy = copy;
  }

  /** Copies what the refresh needs from the client's request, before the client is answered. */
  static BackgroundRefresh prepare(CacheFilter filter, Exchange parent, Next next) {
    HttpRequest req = parent.request();
    HttpHeaders h = req.headers().copy();
    h.remove(HttpHeaderNames.RANGE)
        .remove(HttpHeaderNames.IF_RANGE)
        .remove(HttpHeaderNames.IF_NONE_MATCH)
        .remove(HttpHeaderNames.IF_MODIFIED_SINCE);
    return new BackgroundRefresh(
        filter,
        parent,
        next,
        new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, req.uri(), h));
  }

  /** Starts the refresh unless another one for the same key is already in flight. */
  void start() {
    Exchange bg = Exchange.background(parent, copy);
    LookupResult r = filter.lookup(bg);
    if (r.decision() != Decision.STALE_WHILE_REVALIDATE || r.key() == null) {
      return;
    }
    Coalescer.Join<CacheKey> join = filter.cache().coalescer().join(r.key());
    if (join.role() != Coalescer.Role.LEADER) {
      return;
    }
    Discard discard = new Discard(bg);
    bg.start(discard, parent.route().config().timeouts());
    if (r.entry().hasValidators()) {
      filter.revalidate(bg, next, discard, r, join.flight());
    } else {
      next.proceed(bg, filter.forward(bg, r, discard, join.flight()));
    }
  }

  /** The end of a refresh's sink chain: nothing goes to a client. */
  private static final class Discard implements ResponseSink {
    private final Exchange bg;

    Discard(Exchange bg) {
      this.bg = bg;
    }

    @Override
    public void onHead(HttpResponse head) {}

    @Override
    public void onContent(HttpContent chunk) {
      chunk.release();
      if (chunk instanceof LastHttpContent) {
        bg.finish();
      }
    }

    @Override
    public void onError(Throwable cause) {
      bg.finish();
    }
  }
}
