package io.mcpedge.server.testsupport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
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
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket origin for tests, on loopback; the last path segment selects: {@code /ws} echoes text
 * and binary messages (fragment by fragment), answers pings with pongs carrying the same payload
 * and completes close handshakes with the client's code; {@code /push} also sends {@code hello}
 * right behind its {@code 101}; {@code /quiet} accepts and never sends. Any other request gets
 * {@code 403 not a websocket}. It counts open WebSocket connections and remembers the last
 * handshake's headers.
 */
public final class WebSocketOrigin implements AutoCloseable {

  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final ChannelGroup open = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final Map<String, String> lastHandshake = new ConcurrentHashMap<>();
  private final Channel server;

  public WebSocketOrigin() throws InterruptedException {
    server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline()
                        .addLast(new HttpServerCodec(), new HttpObjectAggregator(65536))
                        .addLast(new Handshake());
                  }
                })
            .bind("127.0.0.1", 0)
            .sync()
            .channel();
  }

  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  /** WebSocket connections currently open at the origin. */
  public int openWebSockets() {
    return open.size();
  }

  /** The headers of the last handshake the origin accepted (lower-case names). */
  public Map<String, String> lastHandshake() {
    return lastHandshake;
  }

  @Override
  public void close() {
    open.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private final class Handshake extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
      String full = new QueryStringDecoder(req.uri()).path();
      String path = full.substring(full.lastIndexOf('/')); // "/any/prefix/ws" is "/ws"
      boolean known = path.equals("/ws") || path.equals("/push") || path.equals("/quiet");
      WebSocketServerHandshaker hs =
          known
              ? new WebSocketServerHandshakerFactory("ws://origin" + full, null, true, 1 << 20)
                  .newHandshaker(req)
              : null;
      if (hs == null) {
        FullHttpResponse res =
            new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1,
                HttpResponseStatus.FORBIDDEN,
                ByteBufUtil.writeUtf8(ctx.alloc(), "not a websocket"));
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes());
        ctx.writeAndFlush(res);
        return;
      }
      lastHandshake.clear();
      req.headers().forEach(e -> lastHandshake.put(e.getKey().toLowerCase(), e.getValue()));
      Channel ch = ctx.channel();
      hs.handshake(ch, req)
          .addListener(
              (ChannelFutureListener)
                  f -> {
                    if (!f.isSuccess()) {
                      return;
                    }
                    open.add(ch);
                    ch.pipeline().addLast(new Frames(hs, path.equals("/quiet")));
                    if (path.equals("/push")) {
                      ch.writeAndFlush(new TextWebSocketFrame("hello"));
                    }
                  });
    }
  }

  private static final class Frames extends SimpleChannelInboundHandler<WebSocketFrame> {
    private final WebSocketServerHandshaker hs;
    private final boolean quiet;

    Frames(WebSocketServerHandshaker hs, boolean quiet) {
      this.hs = hs;
      this.quiet = quiet;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
      if (frame instanceof CloseWebSocketFrame close) {
        hs.close(ctx.channel(), close.retain());
      } else if (frame instanceof PingWebSocketFrame ping) {
        ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
      } else if (quiet) {
        return;
      } else if (frame instanceof TextWebSocketFrame
          || frame instanceof BinaryWebSocketFrame
          || frame instanceof ContinuationWebSocketFrame) {
        ctx.writeAndFlush(frame.retain()); // fragments go back as they came
      }
    }
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
