package io.mcpedge.server.stream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * The last (and after the switch, the only protocol) handler of both channels of a WebSocket
 * tunnel: the client connection or HTTP/2 stream, and the upstream connection. It hands what it
 * reads and every state change to the {@link Tunnel}; HTTP objects left over from the handshake
 * (the empty last content after a {@code 101}) are dropped.
 */
final class TunnelHandler extends ChannelInboundHandlerAdapter {

  private final Tunnel tunnel;
  private final Tunnel.Side side;

  TunnelHandler(Tunnel tunnel, Tunnel.Side side) {
    this.tunnel = tunnel;
    this.side = side;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf bytes) {
      tunnel.relay(side, bytes);
    } else if (msg instanceof Http2DataFrame data) {
      boolean end = data.isEndStream();
      tunnel.relay(side, data.content().retain());
      data.release();
      if (end) {
        tunnel.clientFinished();
      }
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    tunnel.readComplete(side);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    tunnel.writabilityChanged(side);
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof Http2ResetFrame reset) {
      tunnel.close(side, new StreamResetException(reset.errorCode()));
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    tunnel.close(side, null);
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    tunnel.close(side, cause);
  }

  /** The client reset its HTTP/2 stream. */
  static final class StreamResetException extends java.io.IOException {
    private static final long serialVersionUID = 1L;

    StreamResetException(long errorCode) {
      super("stream reset by the client (error code " + errorCode + ")");
    }
  }
}
