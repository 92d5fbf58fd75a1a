package io.mcpedge.server.answer;

import io.mcpedge.server.codec.HeaderNames;
import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.exchange.Failure;
import io.mcpedge.server.exchange.ResponseSink;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * The one place where the proxy builds the answers it gives itself rather than relaying an
 * upstream's: failures (502, 504, 400 …), policy refusals (the breaker's 503 with {@code
 * Retry-After}; the 429 is kept per route by {@link RateLimitAnswers}), the cache's answers, the
 * admin listener's text and JSON, and the interim {@code 100 Continue}.
 *
 * <p>Every local answer has the same shape, so that clients and caches in front see one kind of
 * answer: HTTP/1.1, {@code Content-Type}, {@code Content-Length} and {@code Cache-Control:
 * no-store}, in that order, then the answer's own headers. The HTTP/1.1 framing of a connection
 * ({@code Connection: close}, keep-alive for HTTP/1.0) is added where the answer is written, by
 * {@link #closing} or by the downstream sink, as for an upstream's answer.
 */
public final class LocalAnswers {

  private static final DefaultHttpHeadersFactory LOCAL_HEADERS =
      DefaultHttpHeadersFactory.headersFactory().withNameValidation(false);
  private static final DefaultHttpHeadersFactory LOCAL_TRAILERS =
      DefaultHttpHeadersFactory.trailersFactory().withNameValidation(false);

  private static final String ONLY_IF_CACHED =
      "504 Gateway Timeout: only-if-cached and nothing usable is stored\n";

  private LocalAnswers() {}

  /** A complete plain-text answer. */
  public static FullHttpResponse text(
      HttpResponseStatus status, String text, ByteBufAllocator alloc) {
    return text(status, ByteBufUtil.writeUtf8(alloc, text));
  }

  /**
   * A complete plain-text answer with {@code body}, whose ownership passes to it. Its header names
   * are the proxy's own constants, so they are not validated again on every answer.
   */
  static FullHttpResponse text(HttpResponseStatus status, ByteBuf body) {
    FullHttpResponse res =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, status, body, LOCAL_HEADERS, LOCAL_TRAILERS);
    res.headers()
        .add(HttpHeaderNames.CONTENT_TYPE, HeaderNames.TEXT_PLAIN_UTF_8)
        .addInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
        .add(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
    return res;
  }

  /** A complete JSON answer ({@code 200}), for the admin endpoints. */
  public static FullHttpResponse json(String body, ByteBufAllocator alloc) {
    return json(HttpResponseStatus.OK, body, alloc);
  }

  /** A complete JSON answer with {@code status} (the JSON-RPC errors of MCP requests). */
  public static FullHttpResponse json(
      HttpResponseStatus status, String body, ByteBufAllocator alloc) {
    FullHttpResponse res =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, status, ByteBufUtil.writeUtf8(alloc, body));
    res.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes())
        .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
    return res;
  }

  /**
   * The answer to a failure on a route ({@code routeName} {@code null} when unrouted): its status,
   * its text, and the headers the failure implies ({@code x-edge-overloaded: true} when overload
   * thresholds refused it).
   */
  public static FullHttpResponse failure(
      Failure failure, String routeName, ByteBufAllocator alloc) {
    FullHttpResponse res = text(failure.status(), failureText(failure, routeName), alloc);
    if (failure == Failure.OVERLOADED) {
      res.headers().set(HeaderNames.X_EDGE_OVERLOADED, HeaderNames.TRUE);
    }
    return res;
  }

  /** The body text of a failure: status line words, the reason and the route. */
  public static String failureText(Failure failure, String routeName) {
    HttpResponseStatus s = failure.status();
    StringBuilder sb = new StringBuilder(64);
    sb.append(s.code()).append(' ').append(s.reasonPhrase()).append(": ").append(failure.reason());
    if (routeName != null) {
      sb.append(" (route ").append(routeName).append(')');
    }
    return sb.append('\n').toString();
  }

  /** {@code 503 Service Unavailable} with {@code Retry-After}: the route's breaker is open. */
  public static FullHttpResponse breakerOpen(
      String routeName, long retryAfterSeconds, ByteBufAllocator alloc) {
    FullHttpResponse res = failure(Failure.BREAKER_OPEN, routeName, alloc);
    res.headers().set(HttpHeaderNames.RETRY_AFTER, Long.toString(retryAfterSeconds));
    return res;
  }

  /**
   * A refused admin request ({@code 401} or {@code 403}) with its reason; a {@code 401} names the
   * scheme it wants (RFC 9110 §11.6.1, RFC 6750 §3).
   */
  public static FullHttpResponse refused(
      HttpResponseStatus refusal, String reason, ByteBufAllocator alloc) {
    FullHttpResponse res = text(refusal, reason, alloc);
    if (refusal.code() == 401) {
      res.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
    }
    return res;
  }

  /**
   * RFC 9111 §5.2.1.7: {@code 504} to a request with {@code only-if-cached} when nothing usable is
   * stored; the cache adds its status headers.
   */
  public static FullHttpResponse onlyIfCached(ByteBufAllocator alloc) {
    return text(HttpResponseStatus.GATEWAY_TIMEOUT, ONLY_IF_CACHED, alloc);
  }

  /** {@code 100 Continue} (RFC 9110 §10.1.1): the proxy answers {@code Expect} itself. */
  public static FullHttpResponse continueAnswer() {
    return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE);
  }

  /**
   * The same answer without its content, for {@code HEAD} (RFC 9110 §9.3.2: the headers of the GET
   * answer, no content; on HTTP/2 content would be a protocol error for the client). {@code res} is
   * released.
   */
  public static FullHttpResponse withoutBody(FullHttpResponse res) {
    FullHttpResponse bodiless = res.replace(Unpooled.EMPTY_BUFFER);
    res.release();
    return bodiless;
  }

  /** Marks an HTTP/1.1 answer as the last on its connection ({@code Connection: close}). */
  public static FullHttpResponse closing(FullHttpResponse res) {
    res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    return res;
  }

  /** Writes {@code res} as the last answer of an HTTP/1.1 connection and closes once flushed. */
  public static void writeAndClose(ChannelHandlerContext ctx, FullHttpResponse res) {
    ctx.writeAndFlush(closing(res)).addListener(ChannelFutureListener.CLOSE);
  }

  /**
   * Answers an exchange from a policy instead of the upstream: the request body (if any) is not
   * wanted any more. The answer goes through the sink like an upstream answer (not through {@code
   * onError}), so that filters above (the cache, which may serve stale content on a {@code 503})
   * see it; its head is a {@link LocalResponse}, so that filters below do not take it for the
   * upstream's.
   */
  public static void instead(Exchange ex, ResponseSink sink, FullHttpResponse res) {
    ex.body().release();
    sink.onHead(new LocalResponse(res.status(), res.headers()));
    sink.onContent(new DefaultLastHttpContent(res.content(), res.trailingHeaders()));
  }
}
