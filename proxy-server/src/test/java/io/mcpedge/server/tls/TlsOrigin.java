package io.mcpedge.server.tls;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * A TLS origin on 127.0.0.1 (JDK provider, HTTP/1.1 and h2 by ALPN) that answers every request with
 * what it saw of the connection: {@code proto=… sni=… client=…}.
 */
final class TlsOrigin implements AutoCloseable {

  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Channel server;

  /**
   * @param clientCa when not null, a client certificate from this CA is required
   */
  TlsOrigin(Path[] certAndKey, Path clientCa) throws Exception {
    SslContextBuilder b =
        SslContextBuilder.forServer(
                PemFiles.privateKey(Files.readAllBytes(certAndKey[1]), "key"),
                PemFiles.certificates(Files.readAllBytes(certAndKey[0]), "crt"))
            .sslProvider(SslProvider.JDK)
            .applicationProtocolConfig(
                new ApplicationProtocolConfig(
                    ApplicationProtocolConfig.Protocol.ALPN,
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                    ApplicationProtocolNames.HTTP_2,
                    ApplicationProtocolNames.HTTP_1_1));
    if (clientCa != null) {
      b.clientAuth(ClientAuth.REQUIRE)
          .trustManager(
              PemFiles.certificates(Files.readAllBytes(clientCa), "ca")
                  .toArray(new X509Certificate[0]));
    }
    SslContext ctx = b.build();
    server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(ctx.newHandler(ch.alloc())).addLast(new Alpn());
                  }
                })
            .bind("127.0.0.1", 0)
            .sync()
            .channel();
  }

  int port() {
    return ((java.net.InetSocketAddress) server.localAddress()).getPort();
  }

  @Override
  public void close() {
    server.close();
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }

  private static final class Alpn extends ApplicationProtocolNegotiationHandler {
    Alpn() {
      super(ApplicationProtocolNames.HTTP_1_1);
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
      SslHandler ssl = ctx.pipeline().get(SslHandler.class);
      if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
        ctx.pipeline()
            .addLast(Http2FrameCodecBuilder.forServer().build())
            .addLast(
                new Http2MultiplexHandler(
                    new ChannelInitializer<Channel>() {
                      @Override
                      protected void initChannel(Channel stream) {
                        stream
                            .pipeline()
                            .addLast(new Http2StreamFrameToHttpObjectCodec(true))
                            .addLast(new HttpObjectAggregator(65536))
                            .addLast(new Answer("HTTP/2", ssl));
                      }
                    }));
      } else {
        ctx.pipeline()
            .addLast(new HttpServerCodec())
            .addLast(new HttpObjectAggregator(65536))
            .addLast(new Answer("HTTP/1.1", ssl));
      }
    }
  }

  private static final class Answer extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final String protocol;
    private final SslHandler ssl;

    Answer(String protocol, SslHandler ssl) {
      this.protocol = protocol;
      this.ssl = ssl;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
      ExtendedSSLSession session = (ExtendedSSLSession) ssl.engine().getSession();
      String sni =
          session.getRequestedServerNames().stream()
              .map(n -> ((SNIHostName) n).getAsciiName())
              .findFirst()
              .orElse("none");
      String client;
      try {
        client =
            ((X509Certificate) session.getPeerCertificates()[0])
                .getSubjectX500Principal()
                .getName();
      } catch (SSLPeerUnverifiedException e) {
        client = "none";
      }
      byte[] body =
          ("proto=" + protocol + " sni=" + sni + " client=" + client + " path=" + req.uri() + "\n")
              .getBytes(StandardCharsets.UTF_8);
      FullHttpResponse res =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(body));
      res.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
      res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
      ctx.writeAndFlush(res);
    }
  }
}
