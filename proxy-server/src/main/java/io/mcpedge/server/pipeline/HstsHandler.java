package io.mcpedge.server.pipeline;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.AsciiString;

/**
 * Adds {@code Strict-Transport-Security} (RFC 6797 §6.1) to every final response on a TLS listener
 * with {@code tls.hsts}, unless the upstream set one. It is only ever added after TLS (RFC 6797
 * §7.2: never over cleartext). Sits just before {@code exchange} on an HTTP/1.1 connection and on
 * each HTTP/2 stream, where responses are still HTTP objects.
 */
@ChannelHandler.Sharable
final class HstsHandler extends ChannelOutboundHandlerAdapter {

  private static final AsciiString STRICT_TRANSPORT_SECURITY =
      AsciiString.cached("strict-transport-security");

  private final AsciiString value;

  HstsHandler(String value) {
    this.value = AsciiString.cached(value);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof HttpResponse r
        && r.status().code() >= 200
        && !r.headers().contains(STRICT_TRANSPORT_SECURITY)) {
      r.headers().set(STRICT_TRANSPORT_SECURITY, value);
    }
    ctx.write(msg, promise);
  }
}
