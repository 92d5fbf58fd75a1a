package io.mcpedge.server.upstream;

import io.mcpedge.server.channel.PipelineNames;
import io.mcpedge.server.codec.HeaderNameValidation;
import io.mcpedge.server.codec.KnownHeaderNames;
import io.mcpedge.server.codec.UpstreamHttpCodec;
import io.mcpedge.server.tls.UpstreamTls;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;

/** The pipelines of upstream channels; the order is documented in {@link PipelineNames}. */
final class UpstreamInitializers {

  private UpstreamInitializers() {}

  /**
   * A connection to an {@code https://} endpoint: the TLS handler first, then the pipeline of the
   * upstream's protocol. Writes wait in the TLS handler until the handshake is done.
   */
  static final class Tls extends ChannelInitializer<Channel> {
    private final UpstreamTls tls;
    private final String host;
    private final int port;
    private final ChannelHandler protocol;

    Tls(UpstreamTls tls, String host, int port, ChannelHandler protocol) {
      this.tls = tls;
      this.host = host;
      this.port = port;
      this.protocol = protocol;
    }

    @Override
    protected void initChannel(Channel ch) {
      ch.pipeline()
          .addLast(PipelineNames.TLS, tls.newHandler(ch.alloc(), host, port))
          .addLast(protocol);
    }
  }

  /** An upstream HTTP/1.1 connection. */
  static final class Http1 extends ChannelInitializer<Channel> {
    private final HttpHeadersFactory headersFactory = HeaderNameValidation.newFactory();

    @Override
    protected void initChannel(Channel ch) {
      ch.pipeline()
          .addLast(
              PipelineNames.HTTP_CODEC,
              new UpstreamHttpCodec(
                  new HttpDecoderConfig().setHeadersFactory(headersFactory),
                  KnownHeaderNames.RESPONSES))
          .addLast(PipelineNames.UPSTREAM, new UpstreamHandler());
    }
  }

  /** An upstream h2c connection (prior knowledge). */
  static final class H2c extends ChannelInitializer<Channel> {
    @Override
    protected void initChannel(Channel ch) {
      ch.pipeline()
          .addLast(
              PipelineNames.H2_CODEC,
              Http2FrameCodecBuilder.forClient()
                  .initialSettings(Http2Settings.defaultSettings().pushEnabled(false))
                  .build())
          .addLast(PipelineNames.H2_MULTIPLEX, new Http2MultiplexHandler(new RefuseStreams()))
          .addLast(PipelineNames.H2_CONNECTION, new H2cConnectionHandler());
    }
  }

  /** One request stream on an upstream h2c connection. */
  @ChannelHandler.Sharable
  static final class H2cStream extends ChannelInitializer<Channel> {
    @Override
    protected void initChannel(Channel ch) {
      ch.pipeline()
          .addLast(PipelineNames.H2_STREAM_CODEC, new Http2StreamFrameToHttpObjectCodec(false))
          .addLast(PipelineNames.UPSTREAM, new UpstreamHandler());
    }
  }

  /** Server push is disabled; a stream the server opens anyway is closed. */
  @ChannelHandler.Sharable
  static final class RefuseStreams extends ChannelInboundHandlerAdapter {
    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      ctx.close();
    }
  }
}
