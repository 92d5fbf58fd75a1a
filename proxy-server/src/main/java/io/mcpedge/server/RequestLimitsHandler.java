package io.mcpedge.server;

import io.mcpedge.server.exchange.ErrorResponses;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers requests the HTTP/1.1 decoder rejected, so nothing malformed reaches an upstream: 414 for
 * a request line over {@code maxInitialLineLength}, 431 for headers over {@code maxHeaderSize} (RFC
 * 6585 §5), 400 otherwise; then closes the connection, since the rest of the stream cannot be
 * trusted. Sits right after the HTTP/1.1 codec.
 */
public final class RequestLimitsHandler extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(RequestLimitsHandler.class);

  private boolean rejected;

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (rejected) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof HttpObject o && o.decoderResult().isFailure()) {
      rejected = true;
      ReferenceCountUtil.release(msg);
      reject(ctx, o.decoderResult());
      return;
    }
    ctx.fireChannelRead(msg);
  }

  private static void reject(ChannelHandlerContext ctx, DecoderResult result) {
    Throwable cause = result.cause();
    HttpResponseStatus status;
    String text;
    if (cause instanceof TooLongHttpLineException) {
      status = HttpResponseStatus.REQUEST_URI_TOO_LONG;
      text = "414 URI Too Long: request line too long\n";
    } else if (cause instanceof TooLongHttpHeaderException) {
      status = HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
      text = "431 Request Header Fields Too Large\n";
    } else {
      status = HttpResponseStatus.BAD_REQUEST;
      text = "400 Bad Request: malformed request\n";
    }
    log.debug("{} rejected request: {}", ctx.channel().id().asShortText(), cause.toString());
    FullHttpResponse res = ErrorResponses.response(status, text, ctx.alloc());
    res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
  }
}
