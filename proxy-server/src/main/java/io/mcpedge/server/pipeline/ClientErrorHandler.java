package io.mcpedge.server.pipeline;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of an HTTP/2 client connection: takes the exceptions the frame codec passes on
 * (connection errors it has already answered with {@code GOAWAY}, RFC 9113 §5.4.1) and closes the
 * connection. Without it they reached the pipeline's tail, which logs each one with its stack trace
 * at WARN: a lever for any client to flood the log. Protocol errors go to the {@link
 * ClientErrorLog}; a connection reset by the client is logged at DEBUG only.
 */
@ChannelHandler.Sharable
public final class ClientErrorHandler extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(ClientErrorHandler.class);

  private final ClientErrorLog errors;

  public ClientErrorHandler(ClientErrorLog errors) {
    this.errors = errors;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    String id = ctx.channel().id().asShortText();
    if (cause instanceof IOException) {
      log.debug("{} client connection failed: {}", id, cause.toString());
    } else {
      errors.report(id, cause);
    }
    ctx.close();
  }
}
