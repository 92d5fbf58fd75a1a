package io.mcpedge.server.pipeline;

import io.mcpedge.core.config.ByteSize;
import io.mcpedge.core.config.EscapedSlashes;
import io.mcpedge.core.route.Route;
import io.mcpedge.server.answer.LocalAnswers;
import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.exchange.Failure;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.AsciiString;
import java.util.Iterator;
import java.util.Map;

/**
 * The checks a request head passes before its exchange runs: the number of its fields, its target
 * (one target, one path and one authority for routes, the cache and the upstream: {@link
 * RequestTarget}), its declared body size against the route's limit, whether it has a body, and the
 * answer to {@code Expect: 100-continue}. Stateless; one per connection's driver.
 */
final class RequestAdmission {

  private static final AsciiString EXTENSION_PREFIX = AsciiString.cached("x-http2-");

  private final EscapedSlashes escapedSlashes;
  private final int maxHeaderCount;

  /**
   * @param maxHeaderCount most header fields a request may carry ({@code server.maxHeaderCount})
   */
  RequestAdmission(EscapedSlashes escapedSlashes, int maxHeaderCount) {
    this.escapedSlashes = escapedSlashes;
    this.maxHeaderCount = maxHeaderCount;
  }

  /**
   * Checks the head of {@code req} and rewrites its target: {@code null} when it may be routed, or
   * why not. Too many header fields answer 431 (RFC 6585 §5), as Envoy's {@code max_headers_count}
   * does; the size of the block is the decoder's to bound ({@code maxHeaderSize}).
   */
  Failure checkHead(HttpRequest req, Exchange.Protocol protocol) {
    if (headerCount(req.headers(), protocol) > maxHeaderCount) {
      return Failure.TOO_MANY_HEADERS;
    }
    return RequestTarget.check(req, protocol == Exchange.Protocol.HTTP_2, escapedSlashes);
  }

  /**
   * The fields the client sent. An HTTP/2 head arrives converted, with the {@code x-http2-*} fields
   * of the conversion added (its pseudo-header fields are not counted either); they are counted
   * only when the total is over the limit, so a usual head costs one size check.
   */
  private int headerCount(HttpHeaders h, Exchange.Protocol protocol) {
    int n = h.size();
    if (n <= maxHeaderCount || protocol != Exchange.Protocol.HTTP_2) {
      return n;
    }
    Iterator<Map.Entry<CharSequence, CharSequence>> it = h.iteratorCharSequence();
    while (it.hasNext()) {
      CharSequence name = it.next().getKey();
      if (name.length() > EXTENSION_PREFIX.length()
          && AsciiString.regionMatches(
              name, true, 0, EXTENSION_PREFIX, 0, EXTENSION_PREFIX.length())) {
        n--;
      }
    }
    return n;
  }

  /**
   * A body the route refuses before any of it is read: a {@code Content-Length} over its {@code
   * maxRequestBody} (413, RFC 9110 §15.5.14, as nginx's {@code client_max_body_size}); {@code null}
   * otherwise. A body without a length is counted as it streams ({@link
   * io.mcpedge.server.exchange.RequestBody#limit}).
   */
  static Failure checkDeclaredBody(HttpRequest req, Route route) {
    ByteSize max = route.config().maxRequestBody();
    return max != null && HttpUtil.getContentLength(req, -1L) > max.bytes()
        ? Failure.BODY_TOO_LARGE
        : null;
  }

  /** RFC 9112 §6.3: without Content-Length or Transfer-Encoding a request has no body. */
  static boolean hasBody(HttpRequest req, Exchange.Protocol protocol) {
    if (HttpUtil.isTransferEncodingChunked(req)) {
      return true;
    }
    if (protocol == Exchange.Protocol.HTTP_2) {
      return !HttpUtil.isContentLengthSet(req) || HttpUtil.getContentLength(req, 0L) > 0;
    }
    return HttpUtil.getContentLength(req, 0L) > 0;
  }

  /**
   * {@code Expect: 100-continue} (RFC 9110 §10.1.1) is the proxy's to answer, never forwarded: a
   * route that proxies lets the body come at once; a direct answer does not need it, and its final
   * answer tells the client not to send it.
   */
  static void answerExpectContinue(ChannelHandlerContext ctx, HttpRequest req, Route route) {
    if (!HttpUtil.is100ContinueExpected(req)) {
      return;
    }
    req.headers().remove(HttpHeaderNames.EXPECT);
    if (route.config().directResponse() == null) {
      ctx.writeAndFlush(LocalAnswers.continueAnswer());
    }
  }
}
