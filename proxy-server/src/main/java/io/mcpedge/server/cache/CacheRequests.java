package io.mcpedge.server.cache;

import io.mcpedge.cache.CacheRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;

/** Builds the cache engine's view of a downstream request. */
final class CacheRequests {

  /** The listeners speak cleartext HTTP; TLS termination would pass {@code https} here. */
  static final String SCHEME = "http";

  private CacheRequests() {}

  static CacheRequest of(HttpRequest req) {
    String host = req.headers().get(HttpHeaderNames.HOST);
    return new CacheRequest(
        req.method().name(),
        SCHEME,
        host == null ? "" : host,
        originForm(req.uri()),
        new NettyHeaderView(req.headers()));
  }

  /** The path and query of an origin-form or absolute-form request target (RFC 9112 §3.2). */
  static String originForm(String uri) {
    if (uri.isEmpty() || uri.charAt(0) == '/') {
      return uri;
    }
    int scheme = uri.indexOf("://");
    if (scheme < 0) {
      return uri;
    }
    int slash = uri.indexOf('/', scheme + 3);
    int query = uri.indexOf('?', scheme + 3);
    if (slash < 0 || (query >= 0 && query < slash)) {
      return query < 0 ? "/" : "/" + uri.substring(query);
    }
    return uri.substring(slash);
  }
}
