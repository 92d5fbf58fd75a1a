package io.mcpedge.server.pipeline;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import java.util.function.Consumer;

/**
 * After the TLS handshake of a TLS listener's connection: builds the HTTP/2 pipeline when ALPN
 * chose {@code h2} (RFC 9113 §3.2), the HTTP/1.1 one otherwise (ALPN {@code http/1.1}, or a client
 * without ALPN). Cleartext upgrades ({@code h2c}) are not offered over TLS (RFC 9113 §3.1). Named
 * {@code alpn}; removes itself once the pipeline is built, handing on what arrived meanwhile.
 */
final class TlsProtocolHandler extends ApplicationProtocolNegotiationHandler {

  private final Consumer<ChannelHandlerContext> http2;
  private final Consumer<ChannelHandlerContext> http1;

  /**
   * @param http2 adds the HTTP/2 handlers after the given context
   * @param http1 adds the HTTP/1.1 handlers after the given context
   */
  TlsProtocolHandler(Consumer<ChannelHandlerContext> http2, Consumer<ChannelHandlerContext> http1) {
    super(ApplicationProtocolNames.HTTP_1_1);
    this.http2 = http2;
    this.http1 = http1;
  }

  @Override
  protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
    if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
      http2.accept(ctx);
    } else {
      http1.accept(ctx);
    }
  }

  /**
   * A connection reset or a bad record before the protocol is chosen: Netty's handler would log a
   * warning and a stack trace per connection, a log-flooding lever for any client. The connection
   * just closes; its handshake failure is not the proxy's error.
   */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }

  @Override
  protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
    // A scanner, a client that distrusts the certificate or has none under clientAuth: require.
    // The client learns why from the alert; a line per failure would let anyone flood the log.
    ctx.close();
  }
}
