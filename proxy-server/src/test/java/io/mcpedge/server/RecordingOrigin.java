package io.mcpedge.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
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
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/1.1 origin on loopback that records every request as it arrived (target, head and trailer
 * fields, body) and answers {@code 200} naming the target and {@code Host} it saw, so a test can
 * tell which request an answer came from, also when the proxy serves it from its cache.
 */
final class RecordingOrigin implements AutoCloseable {

  /** A request as the origin saw it. */
  record Seen(String method, String uri, HttpHeaders headers, HttpHeaders trailers, String body) {}

  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final Channel server;

  RecordingOrigin() throws InterruptedException {
    server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    Recorder recorder = new Recorder();
                    ch.pipeline()
                        .addLast(new HttpServerCodec())
                        .addLast(
                            new ChannelInboundHandlerAdapter() {
                              @Override
                              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                if (msg instanceof HttpRequest req) {
                                  recorder.head = req.headers().copy(); // before aggregation
                                }
                                ctx.fireChannelRead(msg);
                              }
                            })
                        .addLast(new HttpObjectAggregator(1 << 20))
                        .addLast(recorder);
                  }
                })
            .bind("127.0.0.1", 0)
            .sync()
            .channel();
  }

  int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  List<Seen> seen() {
    return seen;
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private final class Recorder extends SimpleChannelInboundHandler<FullHttpRequest> {
    private HttpHeaders head;

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
      seen.add(
          new Seen(
              req.method().name(),
              req.uri(),
              head,
              req.trailingHeaders().copy(),
              req.content().toString(StandardCharsets.UTF_8)));
      String text = "saw " + req.uri() + " for " + req.headers().get(HttpHeaderNames.HOST) + "\n";
      ByteBuf body = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
      FullHttpResponse res =
          new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
      res.headers()
          .set(HttpHeaderNames.CONTENT_TYPE, "text/plain")
          .set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
      ctx.writeAndFlush(res);
    }
  }
}
