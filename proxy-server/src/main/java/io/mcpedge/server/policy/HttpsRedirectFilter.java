package io.mcpedge.server.policy;

import io.mcpedge.server.answer.LocalAnswers;
import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.exchange.ExchangeFilter;
import io.mcpedge.server.exchange.Next;
import io.mcpedge.server.exchange.ResponseSink;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.ssl.SslHandler;
import java.net.URI;

/**
 * {@code routes[].httpsRedirect}: a request that arrived without TLS gets {@code 308 Permanent
 * Redirect} (RFC 9110 §15.4.9, which keeps the method and body, unlike 301) to the same host and
 * target over {@code https://}; over TLS the request passes. Only routes that ask for it pay for
 * the look at the connection's pipeline.
 */
public final class HttpsRedirectFilter implements ExchangeFilter {

  private final int port;

  /**
   * @param port the HTTPS port of the redirect; 443 is left out of the URL
   */
  public HttpsRedirectFilter(int port) {
    this.port = port;
  }

  @Override
  public void filter(Exchange ex, Next next, ResponseSink sink) {
    if (overTls(ex.channel())) {
      next.proceed(ex, sink);
      return;
    }
    String host = hostWithoutPort(ex.request().headers().get(HttpHeaderNames.HOST));
    if (host == null) {
      ex.respond(
          sink,
          LocalAnswers.text(
              HttpResponseStatus.BAD_REQUEST, "400 Bad Request: no usable Host\n", ex.alloc()));
      return;
    }
    FullHttpResponse res =
        LocalAnswers.text(
            HttpResponseStatus.PERMANENT_REDIRECT, "308 Permanent Redirect\n", ex.alloc());
    res.headers()
        .set(
            HttpHeaderNames.LOCATION,
            "https://" + host + (port == 443 ? "" : ":" + port) + target(ex.request().uri()));
    ex.respond(sink, res);
  }

  private static boolean overTls(Channel ch) {
    Channel conn = ch instanceof Http2StreamChannel ? ch.parent() : ch;
    return conn.pipeline().get(SslHandler.class) != null;
  }

  /** The host of a {@code Host} value, or {@code null} when it is not a plain host name or IP. */
  static String hostWithoutPort(String hostHeader) {
    if (hostHeader == null || hostHeader.isEmpty()) {
      return null;
    }
    String host = hostHeader;
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      host = end < 0 ? "" : host.substring(0, end + 1);
    } else if (host.indexOf(':') >= 0) {
      host = host.substring(0, host.indexOf(':'));
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      boolean ok =
          c >= 'a' && c <= 'z'
              || c >= 'A' && c <= 'Z'
              || c >= '0' && c <= '9'
              || c == '.'
              || c == '-'
              || c == '['
              || c == ']'
              || c == ':';
      if (!ok) {
        return null; // never reflect anything else into Location
      }
    }
    return host.isEmpty() ? null : host;
  }

  /** The path and query of an origin-form or absolute-form target. */
  private static String target(String uri) {
    if (uri.startsWith("/")) {
      return uri;
    }
    URI u;
    try {
      u = URI.create(uri);
    } catch (IllegalArgumentException e) {
      return "/";
    }
    String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
    return u.getRawQuery() == null ? path : path + "?" + u.getRawQuery();
  }
}
