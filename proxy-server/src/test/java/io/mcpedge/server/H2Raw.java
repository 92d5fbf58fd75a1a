package io.mcpedge.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/2 client (prior knowledge, RFC 9113 §3.3) that sends {@code :path} values as given,
 * absolute or relative ones included, which the JDK client cannot. Header validation is off on the
 * sending side, so the proxy is the one that must refuse what is invalid.
 */
final class H2Raw implements AutoCloseable {

  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Channel connection;

  H2Raw(int port) throws InterruptedException {
    connection =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline()
                        .addLast(
                            Http2FrameCodecBuilder.forClient().validateHeaders(false).build(),
                            new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
                  }
                })
            .connect("127.0.0.1", port)
            .sync()
            .channel();
  }

  /**
   * Sends one bodiless request on a new stream; the answer's status as text, or {@code "RST"} when
   * the stream was reset, or {@code "GOAWAY"} when the connection ended first.
   */
  String request(String method, String authority, String path) throws Exception {
    CompletableFuture<String> result = new CompletableFuture<>();
    Http2StreamChannel stream =
        new Http2StreamChannelBootstrap(connection)
            .handler(
                new ChannelInboundHandlerAdapter() {
                  @Override
                  public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    if (msg instanceof Http2HeadersFrame h && h.headers().status() != null) {
                      result.complete(h.headers().status().toString());
                    } else if (msg instanceof Http2ResetFrame) {
                      result.complete("RST");
                    }
                    ReferenceCountUtil.release(msg);
                  }

                  @Override
                  public void channelInactive(ChannelHandlerContext ctx) {
                    result.complete("GOAWAY");
                  }
                })
            .open()
            .sync()
            .getNow();
    Http2Headers headers = new DefaultHttp2Headers(false);
    headers.method(method).scheme("http").path(path);
    if (authority != null) {
      headers.authority(authority);
    }
    stream.writeAndFlush(new DefaultHttp2HeadersFrame(headers, true));
    try {
      return result.get(10, TimeUnit.SECONDS);
    } finally {
      stream.close();
    }
  }

  @Override
  public void close() {
    connection.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
