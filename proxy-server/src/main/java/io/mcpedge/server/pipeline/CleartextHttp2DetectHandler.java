package io.mcpedge.server.pipeline;

import io.mcpedge.server.channel.PipelineNames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import java.util.List;

/**
 * Tells a cleartext HTTP/2 connection by prior knowledge (RFC 9113 §3.3) from an HTTP/1.1 one by
 * its first bytes, as Netty's {@code CleartextHttp2ServerUpgradeHandler} does for its own {@code
 * HttpServerCodec}: this one takes the project's HTTP/1.1 codec. When added it puts the HTTP/1.1
 * codec ({@code http-codec}) and the h2c upgrade handler ({@code h2c-upgrade}) after itself; on the
 * connection preface it replaces both with the HTTP/2 handlers, on anything else it leaves. Sits
 * under the name {@code h2c-detect}.
 */
final class CleartextHttp2DetectHandler extends ByteToMessageDecoder {

  private static final ByteBuf PREFACE =
      Unpooled.unreleasableBuffer(Http2CodecUtil.connectionPrefaceBuf()).asReadOnly();

  private final ChannelHandler http1;
  private final HttpServerUpgradeHandler upgrade;
  private final ChannelHandler http2;

  CleartextHttp2DetectHandler(
      ChannelHandler http1, HttpServerUpgradeHandler upgrade, ChannelHandler http2) {
    this.http1 = http1;
    this.upgrade = upgrade;
    this.http2 = http2;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    ctx.pipeline()
        .addAfter(ctx.name(), PipelineNames.H2C_UPGRADE, upgrade)
        .addAfter(ctx.name(), PipelineNames.HTTP_CODEC, http1);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    int prefaceLength = PREFACE.readableBytes();
    int seen = Math.min(in.readableBytes(), prefaceLength);
    if (!ByteBufUtil.equals(PREFACE, PREFACE.readerIndex(), in, in.readerIndex(), seen)) {
      ctx.pipeline().remove(this);
    } else if (seen == prefaceLength) {
      ctx.pipeline().remove(http1).remove(upgrade);
      ctx.pipeline().addAfter(ctx.name(), null, http2);
      ctx.pipeline().remove(this);
    }
  }
}
