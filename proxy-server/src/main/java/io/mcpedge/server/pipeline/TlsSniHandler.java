package io.mcpedge.server.pipeline;

import io.mcpedge.server.channel.PipelineNames;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.Mapping;
import io.netty.util.ReferenceCountUtil;

/**
 * First handler of a TLS listener's connection: reads the ClientHello, picks the certificate by its
 * SNI name (RFC 6066 §3) from the listener's current contexts, and replaces itself with an {@link
 * SslHandler} under the name {@link PipelineNames#TLS}. The lookup happens once per connection, so
 * a certificate reload reaches new handshakes only.
 */
final class TlsSniHandler extends SniHandler {

  private static final int MAX_CLIENT_HELLO = 0; // Netty's default bound
  private static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;

  TlsSniHandler(Mapping<String, SslContext> contexts) {
    super(contexts, MAX_CLIENT_HELLO, HANDSHAKE_TIMEOUT_MILLIS);
  }

  @Override
  protected void replaceHandler(ChannelHandlerContext ctx, String hostname, SslContext context) {
    SslHandler ssl = newSslHandler(context, ctx.alloc());
    try {
      ssl.setHandshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MILLIS);
      ctx.pipeline().replace(this, PipelineNames.TLS, ssl);
      ssl = null;
    } finally {
      if (ssl != null) {
        ReferenceCountUtil.safeRelease(ssl.engine());
      }
    }
  }
}
