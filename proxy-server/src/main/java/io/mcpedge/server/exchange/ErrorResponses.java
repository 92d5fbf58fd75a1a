package io.mcpedge.server.exchange;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;

/**
 * The one place where failures become responses: classification of causes and the short plain-text
 * error bodies that name the route.
 */
public final class ErrorResponses {

  private static final DefaultHttpHeadersFactory LOCAL_HEADERS =
      DefaultHttpHeadersFactory.headersFactory().withNameValidation(false);
  private static final DefaultHttpHeadersFactory LOCAL_TRAILERS =
      DefaultHttpHeadersFactory.trailersFactory().withNameValidation(false);

  private ErrorResponses() {}

  /** Classifies any cause seen on an exchange. */
  public static Failure classify(Throwable cause) {
    if (cause instanceof ProxyException pe) {
      return pe.failure();
    }
    if (cause instanceof ConnectTimeoutException) {
      return Failure.CONNECT_TIMEOUT; // a timeout, as nginx answers it: 504
    }
    if (cause instanceof ConnectException) {
      return Failure.CONNECT_FAILED;
    }
    if (cause instanceof ClosedChannelException || cause instanceof IOException) {
      return Failure.UPSTREAM_RESET;
    }
    return Failure.UPSTREAM_PROTOCOL;
  }

  /** A complete plain-text response for a failure on a route ({@code null} when unrouted). */
  public static FullHttpResponse response(
      HttpResponseStatus status, String text, ByteBufAllocator alloc) {
    return response(status, ByteBufUtil.writeUtf8(alloc, text));
  }

  /**
   * A complete plain-text response with {@code body}, whose ownership passes to it. Its header
   * names are the proxy's own constants, so they are not validated again on every answer.
   */
  static FullHttpResponse response(HttpResponseStatus status, ByteBuf body) {
    FullHttpResponse res =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, status, body, LOCAL_HEADERS, LOCAL_TRAILERS);
    res.headers()
        .add(HttpHeaderNames.CONTENT_TYPE, HeaderNames.TEXT_PLAIN_UTF_8)
        .addInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
        .add(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
    return res;
  }

  /**
   * The complete response of a failure on a route: its status, its text, and the headers the
   * failure implies ({@code x-edge-overloaded: true} when overload thresholds refused it).
   */
  public static FullHttpResponse response(
      Failure failure, String routeName, ByteBufAllocator alloc) {
    FullHttpResponse res = response(failure.status(), text(failure, routeName), alloc);
    if (failure == Failure.OVERLOADED) {
      res.headers().set(HeaderNames.X_EDGE_OVERLOADED, HeaderNames.TRUE);
    }
    return res;
  }

  /** The body text of a failure: status line words, the reason and the route. */
  public static String text(Failure failure, String routeName) {
    HttpResponseStatus s = failure.status();
    StringBuilder sb = new StringBuilder(64);
    sb.append(s.code()).append(' ').append(s.reasonPhrase()).append(": ").append(failure.reason());
    if (routeName != null) {
      sb.append(" (route ").append(routeName).append(')');
    }
    return sb.append('\n').toString();
  }
}
