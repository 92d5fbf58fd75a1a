package io.mcpedge.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpedge.core.config.MatchType;
import io.mcpedge.core.config.UpstreamProtocol;
import io.mcpedge.server.testsupport.WebSocketOrigin;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * WebSocket over HTTP/2 (RFC 8441) through the proxy: a small Netty h2c client opens an extended
 * CONNECT, which the proxy bridges to an HTTP/1.1 upgrade at the origin, and exchanges WebSocket
 * frames in DATA frames: messages, ping/pong and the close handshake, END_STREAM when the origin
 * closes, and a reset stream that closes the upstream connection.
 */
@Timeout(60)
class WebSocketH2IT {

  static WebSocketOrigin origin;
  static ProxyUnderTest proxy;
  static EventLoopGroup group;

  @BeforeAll
  static void start() throws Exception {
    origin = new WebSocketOrigin();
    proxy =
        new ProxyUnderTest(
            TestConfigs.config(
                List.of(
                    TestConfigs.upstream("o", UpstreamProtocol.HTTP1, "127.0.0.1", origin.port())),
                List.of(TestConfigs.route("ws", MatchType.PATH_PREFIX, "/", "o"))));
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  }

  @AfterAll
  static void stop() {
    if (proxy != null) {
      proxy.close();
    }
    origin.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** One h2c connection to the proxy (prior knowledge) and the peer's first SETTINGS. */
  static final class H2Connection implements AutoCloseable {
    final Channel channel;
    final CompletableFuture<Http2Settings> settings = new CompletableFuture<>();

    H2Connection() throws InterruptedException {
      channel =
          new Bootstrap()
              .group(group)
              .channel(NioSocketChannel.class)
              .handler(
                  new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                      ch.pipeline()
                          .addLast(Http2FrameCodecBuilder.forClient().build())
                          .addLast(new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()))
                          .addLast(
                              new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                  if (msg instanceof Http2SettingsFrame s) {
                                    settings.complete(s.settings());
                                  }
                                  io.netty.util.ReferenceCountUtil.release(msg);
                                }
                              });
                    }
                  })
              .connect("127.0.0.1", proxy.port())
              .sync()
              .channel();
    }

    @Override
    public void close() {
      channel.close().syncUninterruptibly();
    }
  }

  /** A WebSocket on one HTTP/2 stream: WebSocket frames in DATA frames. */
  static final class H2WebSocket {
    final CompletableFuture<Http2Headers> response = new CompletableFuture<>();
    final CompletableFuture<Void> endStream = new CompletableFuture<>();
    final LinkedBlockingQueue<WebSocketFrame> frames = new LinkedBlockingQueue<>();
    final Http2StreamChannel stream;

    H2WebSocket(H2Connection c, String path) throws Exception {
      stream =
          new Http2StreamChannelBootstrap(c.channel)
              .handler(
                  new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                      ch.pipeline()
                          .addLast(new DataFrames())
                          .addLast(new WebSocket13FrameDecoder(false, true, 1 << 20))
                          .addLast(new WebSocket13FrameEncoder(true))
                          .addLast(
                              new SimpleChannelInboundHandler<WebSocketFrame>(false) {
                                @Override
                                protected void channelRead0(
                                    ChannelHandlerContext ctx, WebSocketFrame f) {
                                  frames.add(f);
                                }
                              });
                    }
                  })
              .open()
              .sync()
              .getNow();
      Http2Headers h =
          new DefaultHttp2Headers()
              .method("CONNECT")
              .path(path)
              .scheme("http")
              .authority("127.0.0.1:" + proxy.port());
      h.set(Http2Headers.PseudoHeaderName.PROTOCOL.value(), "websocket");
      h.set("sec-websocket-version", "13");
      stream.writeAndFlush(new DefaultHttp2HeadersFrame(h)).sync();
    }

    WebSocketFrame next() throws InterruptedException {
      WebSocketFrame f = frames.poll(10, TimeUnit.SECONDS);
      assertThat(f).as("a frame within 10 s").isNotNull();
      return f;
    }

    String nextText() throws InterruptedException {
      WebSocketFrame f = next();
      try {
        assertThat(f).isInstanceOf(TextWebSocketFrame.class);
        return ((TextWebSocketFrame) f).text();
      } finally {
        f.release();
      }
    }

    /** HEADERS and DATA frames in, bytes out as DATA frames. */
    private final class DataFrames extends ChannelDuplexHandler {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Http2HeadersFrame hf) {
          response.complete(hf.headers());
        } else if (msg instanceof Http2DataFrame df) {
          boolean end = df.isEndStream();
          if (df.content().isReadable()) {
            ctx.fireChannelRead(df.content().retain());
          }
          df.release();
          if (end) {
            endStream.complete(null);
          }
        } else {
          io.netty.util.ReferenceCountUtil.release(msg);
        }
      }

      @Override
      public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ctx.write(msg instanceof ByteBuf b ? new DefaultHttp2DataFrame(b) : msg, promise);
      }
    }
  }

  @Test
  void theProxyAdvertisesExtendedConnect() throws Exception {
    try (H2Connection c = new H2Connection()) {
      Http2Settings s = c.settings.get(10, TimeUnit.SECONDS);
      assertThat(s.connectProtocolEnabled()).as("SETTINGS_ENABLE_CONNECT_PROTOCOL").isTrue();
    }
  }

  @Test
  void messagesPingPongAndTheCloseHandshakePassAndTheOriginsCloseEndsTheStream() throws Exception {
    try (H2Connection c = new H2Connection()) {
      c.settings.get(10, TimeUnit.SECONDS);
      H2WebSocket ws = new H2WebSocket(c, "/chat/ws?token=secret");
      Http2Headers res = ws.response.get(10, TimeUnit.SECONDS);
      assertThat(res.status().toString()).isEqualTo("200");
      assertThat(res.contains("sec-websocket-accept")).isFalse();
      assertThat(origin.lastHandshake())
          .containsEntry("upgrade", "websocket")
          .containsEntry("sec-websocket-version", "13")
          .containsKey("sec-websocket-key");
      ws.stream.writeAndFlush(new TextWebSocketFrame("over h2")).sync();
      assertThat(ws.nextText()).isEqualTo("over h2");
      String big = "abcdefgh".repeat(40_000); // beyond the stream's initial window
      ws.stream.writeAndFlush(new TextWebSocketFrame(big)).sync();
      assertThat(ws.nextText().equals(big)).as("the echo is the message").isTrue();
      ws.stream
          .writeAndFlush(
              new PingWebSocketFrame(Unpooled.copiedBuffer("h2 ping", StandardCharsets.UTF_8)))
          .sync();
      WebSocketFrame pong = ws.next();
      assertThat(pong).isInstanceOf(PongWebSocketFrame.class);
      assertThat(pong.content().toString(StandardCharsets.UTF_8)).isEqualTo("h2 ping");
      pong.release();
      ws.stream.writeAndFlush(new CloseWebSocketFrame(1000, "done")).sync();
      WebSocketFrame close = ws.next();
      assertThat(close).isInstanceOf(CloseWebSocketFrame.class);
      assertThat(((CloseWebSocketFrame) close).statusCode()).isEqualTo(1000);
      close.release();
      ws.endStream.get(10, TimeUnit.SECONDS); // the origin closed: END_STREAM
      await().atMost(Duration.ofSeconds(10)).until(() -> !ws.stream.isActive());
      await().atMost(Duration.ofSeconds(10)).until(() -> origin.openWebSockets() == 0);
    }
  }

  @Test
  void aResetStreamClosesTheUpstreamConnection() throws Exception {
    try (H2Connection c = new H2Connection()) {
      c.settings.get(10, TimeUnit.SECONDS);
      H2WebSocket ws = new H2WebSocket(c, "/quiet");
      assertThat(ws.response.get(10, TimeUnit.SECONDS).status().toString()).isEqualTo("200");
      await().atMost(Duration.ofSeconds(5)).until(() -> origin.openWebSockets() == 1);
      ws.stream.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.CANCEL)).sync();
      await().atMost(Duration.ofSeconds(5)).until(() -> origin.openWebSockets() == 0);
      assertThat(c.channel.isActive()).as("only the stream ended").isTrue();
    }
  }

  @Test
  void aRefusedHandshakeIsAnOrdinaryResponse() throws Exception {
    try (H2Connection c = new H2Connection()) {
      c.settings.get(10, TimeUnit.SECONDS);
      H2WebSocket ws = new H2WebSocket(c, "/not-here");
      assertThat(ws.response.get(10, TimeUnit.SECONDS).status().toString()).isEqualTo("403");
      ws.endStream.get(10, TimeUnit.SECONDS);
    }
  }
}
