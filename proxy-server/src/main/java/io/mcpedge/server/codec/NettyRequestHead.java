package io.mcpedge.server.codec;

import io.mcpedge.core.route.RequestHead;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import java.util.Locale;

/**
 * A {@link RequestHead} view over a Netty request, for the route table. Nothing is copied up front;
 * the path and host are derived on first use and remembered.
 */
public final class NettyRequestHead implements RequestHead {

  private final HttpRequest request;
  private String path;
  private String host;

  public NettyRequestHead(HttpRequest request) {
    this.request = request;
  }

  /** The request this is a view of. */
  public HttpRequest request() {
    return request;
  }

  @Override
  public String method() {
    return request.method().name();
  }

  @Override
  public String path() {
    String p = path;
    if (p == null) {
      path = p = pathOf(request.uri());
    }
    return p;
  }

  @Override
  public String host() {
    String h = host;
    if (h == null) {
      host = h = hostOf(request.headers().get(HttpHeaderNames.HOST));
    }
    return h;
  }

  @Override
  public String header(String name) {
    return request.headers().get(name);
  }

  /** The path of an origin-form or absolute-form request target, without the query. */
  static String pathOf(String uri) {
    int start = 0;
    if (!uri.isEmpty() && uri.charAt(0) != '/') {
      int scheme = uri.indexOf("://");
      if (scheme > 0) {
        int slash = uri.indexOf('/', scheme + 3);
        if (slash < 0) {
          return "/";
        }
        start = slash;
      }
    }
    int q = uri.indexOf('?', start);
    int end = q < 0 ? uri.length() : q;
    return start == 0 && end == uri.length() ? uri : uri.substring(start, end);
  }

  /** Host without port, lower case; empty when absent. Handles {@code [v6]:port}. */
  static String hostOf(String hostHeader) {
    if (hostHeader == null || hostHeader.isEmpty()) {
      return "";
    }
    String h = hostHeader;
    if (h.charAt(0) == '[') {
      int close = h.indexOf(']');
      h = close > 0 ? h.substring(0, close + 1) : h;
    } else {
      int colon = h.lastIndexOf(':');
      if (colon >= 0) {
        h = h.substring(0, colon);
      }
    }
    for (int i = 0; i < h.length(); i++) {
      char c = h.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        return h.toLowerCase(Locale.ROOT);
      }
    }
    return h;
  }
}
