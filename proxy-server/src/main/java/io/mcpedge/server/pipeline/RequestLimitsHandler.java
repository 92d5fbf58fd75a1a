package io.mcpedge.server.pipeline;

import io.mcpedge.server.answer.LocalAnswers;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns requests the HTTP/1.1 decoder rejected into a {@link Rejection}, so nothing malformed
 * reaches an upstream: 414 for a request line over {@code maxInitialLineLength}, 431 for headers
 * over {@code maxHeaderSize} (RFC 6585 §5), 400 otherwise; and heads whose version or framing
 * cannot be served (see {@link RequestFraming}). The exchange handler answers it in turn, after the
 * responses to the requests pipelined before it (RFC 9112 §9.3.2), then closes the connection,
 * since the rest of the stream cannot be trusted; nothing after it is read. Sits right after the
 * HTTP/1.1 codec.
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
      Throwable cause = o.decoderResult().cause();
      log.debug("{} rejected request: {}", ctx.channel().id().asShortText(), cause.toString());
      ctx.fireChannelRead(Rejection.of(cause));
      return;
    }
    if (msg instanceof HttpRequest req) {
      Rejection framing = RequestFraming.check(req);
      if (framing != null) {
        rejected = true;
        ReferenceCountUtil.release(msg);
        log.debug("{} rejected request: {}", ctx.channel().id().asShortText(), framing.text);
        ctx.fireChannelRead(framing);
        return;
      }
    }
    ctx.fireChannelRead(msg);
  }

  /** A request the decoder could not parse, and the answer it gets. */
  public static final class Rejection {
    private final HttpResponseStatus status;
    private final String text;

    private Rejection(HttpResponseStatus status, String text) {
      this.status = status;
      this.text = text;
    }

    static Rejection of(HttpResponseStatus status, String text) {
      return new Rejection(status, text);
    }

    static Rejection of(Throwable cause) {
      if (cause instanceof TooLongHttpLineException) {
        return new Rejection(
            HttpResponseStatus.REQUEST_URI_TOO_LONG, "414 URI Too Long: request line too long\n");
      }
      if (cause instanceof TooLongHttpHeaderException) {
        return new Rejection(
            HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
            "431 Request Header Fields Too Large\n");
      }
      return new Rejection(HttpResponseStatus.BAD_REQUEST, "400 Bad Request: malformed request\n");
    }

    /** Writes the answer and closes the connection once it is flushed. */
    public void answer(ChannelHandlerContext ctx) {
      LocalAnswers.writeAndClose(ctx, LocalAnswers.text(status, text, ctx.alloc()));
    }
  }
}
