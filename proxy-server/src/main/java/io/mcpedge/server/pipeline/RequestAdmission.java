package io.mcpedge.server.pipeline;

import io.mcpedge.core.config.EscapedSlashes;
import io.mcpedge.core.route.Route;
import io.mcpedge.server.answer.LocalAnswers;
import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.exchange.Failure;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;

/**
 * The checks a request head passes before its exchange runs: its target (one target, one path and
 * one authority for routes, the cache and the upstream: {@link RequestTarget}), whether it has a
 * body, and the answer to {@code Expect: 100-continue}. Stateless; one per connection's driver.
 */
final class RequestAdmission {

  private final EscapedSlashes escapedSlashes;

  RequestAdmission(EscapedSlashes escapedSlashes) {
    this.escapedSlashes = escapedSlashes;
  }

  /**
   * Checks and rewrites the target of {@code req}: {@code null} when it may be routed, or why not.
   */
  Failure checkTarget(HttpRequest req, Exchange.Protocol protocol) {
    return RequestTarget.check(req, protocol == Exchange.Protocol.HTTP_2, escapedSlashes);
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
