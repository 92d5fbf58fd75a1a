package io.mcpedge.server.upstream;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * Last handler of an upstream HTTP/1.1 connection or h2c stream channel: hands the decoded response
 * to the {@link UpstreamCall} the channel is lent to. While a pooled connection is idle, anything
 * it receives is unexpected, so the connection is closed.
 */
final class UpstreamHandler extends ChannelInboundHandlerAdapter {

  private UpstreamCall call;

  void bind(UpstreamCall call) {
    this.call = call;
  }

  void unbind(UpstreamCall c) {
    if (call == c) {
      call = null;
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    UpstreamCall c = call;
    if (c == null) {
      ReferenceCountUtil.release(msg);
      ctx.close();
      return;
    }
    c.onMessage(msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    UpstreamCall c = call;
    if (c != null) {
      c.onReadComplete();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    UpstreamCall c = call;
    if (c != null) {
      c.onUpstreamWritabilityChanged();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    UpstreamCall c = call;
    call = null;
    if (c != null) {
      c.onUpstreamClosed(null);
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    UpstreamCall c = call;
    call = null;
    if (c != null) {
      c.onUpstreamClosed(cause);
    }
    ctx.close();
  }
}
