package io.mcpedge.server.stream;

import io.mcpedge.server.channel.PipelineNames;
import io.mcpedge.server.codec.ServerHttpCodec;
import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.exchange.ProtocolSwitch;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;

/**
 * Rebuilds the pipelines of both channels of an exchange when the upstream switched protocols: the
 * HTTP handlers go, a {@link TunnelHandler} takes their place (names in {@link PipelineNames}).
 *
 * <p>The tunnel handler is added before the codecs are removed, so that bytes a decoder still held
 * (a frame the upstream sent right behind its {@code 101}) are handed on to it, in order.
 */
public final class TunnelInitializer implements ProtocolSwitch {

  private static final String[] CLIENT_HTTP1_HANDLERS = {
    PipelineNames.EXCHANGE,
    PipelineNames.HSTS,
    PipelineNames.REQUEST_LIMITS,
    PipelineNames.HEADER_TIMEOUT
  };
  private static final String[] CLIENT_HTTP2_HANDLERS = {
    PipelineNames.EXCHANGE, PipelineNames.HSTS, PipelineNames.H2_STREAM_CODEC
  };
  private static final String[] UPSTREAM_HANDLERS = {
    PipelineNames.UPSTREAM, PipelineNames.HTTP_CODEC
  };

  private final Exchange ex;
  private final boolean http2;

  /**
   * @param ex the handshake's exchange; over HTTP/2 the client's channel is a stream of an extended
   *     CONNECT
   */
  public TunnelInitializer(Exchange ex) {
    this.ex = ex;
    this.http2 = ex.protocol() == Exchange.Protocol.HTTP_2;
  }

  @Override
  public void switchTo(Channel upstream) {
    Channel client = ex.channel();
    Tunnel tunnel = new Tunnel(ex, client, upstream);
    ChannelPipeline cp = client.pipeline();
    cp.addLast(PipelineNames.TUNNEL, new TunnelHandler(tunnel, Tunnel.Side.CLIENT));
    removeAll(cp, http2 ? CLIENT_HTTP2_HANDLERS : CLIENT_HTTP1_HANDLERS);
    if (!http2) {
      // Added by the cleartext HTTP/2 detection, or after ALPN chose HTTP/1.1.
      removeIfPresent(cp, cp.get(HttpServerUpgradeHandler.class));
      removeIfPresent(cp, cp.get(ServerHttpCodec.class));
    }
    ChannelPipeline up = upstream.pipeline();
    up.addLast(PipelineNames.TUNNEL, new TunnelHandler(tunnel, Tunnel.Side.UPSTREAM));
    removeAll(up, UPSTREAM_HANDLERS);
    tunnel.start();
  }

  private static void removeAll(ChannelPipeline p, String[] names) {
    for (String name : names) {
      removeIfPresent(p, p.get(name));
    }
  }

  private static void removeIfPresent(ChannelPipeline p, ChannelHandler h) {
    if (h != null && p.context(h) != null) {
      p.remove(h);
    }
  }
}
