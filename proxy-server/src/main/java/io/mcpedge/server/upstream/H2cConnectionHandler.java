package io.mcpedge.server.upstream;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;

/**
 * After the multiplexer on an upstream h2c connection: tells the pool the peer's {@code
 * SETTINGS_MAX_CONCURRENT_STREAMS} (the connection is usable from the first SETTINGS on) and when
 * the peer sent {@code GOAWAY}.
 */
final class H2cConnectionHandler extends ChannelInboundHandlerAdapter {

  static final AttributeKey<H2cPool.Conn> CONN = AttributeKey.valueOf("mcp-edge.h2c-conn");

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    H2cPool.Conn conn = ctx.channel().attr(CONN).get();
    try {
      if (conn != null && msg instanceof Http2SettingsFrame s) {
        conn.onSettings(s.settings().maxConcurrentStreams());
      } else if (conn != null && msg instanceof Http2GoAwayFrame) {
        conn.onGoAway();
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
