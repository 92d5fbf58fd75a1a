package io.mcpedge.server.testsupport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * An SSE origin for tests, HTTP/1.1 on loopback, that holds every stream open. The last path
 * segment selects: {@code /events} sends one event ({@code data: first}) and then nothing; {@code
 * /partial} sends one event and the first half of a second, and the rest 1.5 s later; {@code
 * /ticks} sends {@code data: tick} every 50 ms for as long as the stream is open. It counts the
 * connections open at the origin.
 */
public final class SseOrigin implements AutoCloseable {

  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final ChannelGroup open = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final Channel server;

  public SseOrigin() throws InterruptedException {
    server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    open.add(ch);
                    ch.pipeline().addLast(new HttpServerCodec(), new Streams());
                  }
                })
            .bind("127.0.0.1", 0)
            .sync()
            .channel();
  }

  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  /** Connections open at the origin now. */
  public int openConnections() {
    return open.size();
  }

  @Override
  public void close() {
    open.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private static final class Streams extends SimpleChannelInboundHandler<Object> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
      if (!(msg instanceof HttpRequest req)) {
        return;
      }
      String path = req.uri().substring(req.uri().lastIndexOf('/'));
      HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
      head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream");
      HttpUtil.setTransferEncodingChunked(head, true);
      ctx.write(head);
      if (path.startsWith("/ticks")) {
        ctx.flush();
        ScheduledFuture<?> ticks =
            ctx.executor()
                .scheduleAtFixedRate(
                    () -> send(ctx, "data: tick\n\n"), 0, 50, TimeUnit.MILLISECONDS);
        ctx.channel().closeFuture().addListener(f -> ticks.cancel(false));
        return;
      }
      boolean partial = path.startsWith("/partial");
      send(ctx, partial ? "data: first\n\ndata: par" : "data: first\n\n");
      if (partial) {
        ctx.executor().schedule(() -> send(ctx, "tial\n\n"), 1500, TimeUnit.MILLISECONDS);
      }
    }

    private static void send(ChannelHandlerContext ctx, String s) {
      ctx.writeAndFlush(new DefaultHttpContent(ByteBufUtil.writeUtf8(ctx.alloc(), s)));
    }
  }
}
