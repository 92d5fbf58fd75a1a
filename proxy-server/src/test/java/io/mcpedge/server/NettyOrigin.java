package io.mcpedge.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;

/**
 * A small origin server for tests, speaking HTTP/1.1 or h2c (prior knowledge), on loopback. It
 * counts connections and concurrent requests. The last path segment selects: {@code /echo} (request
 * line, headers and body back), {@code /hold?ms=N} (answers after N ms), {@code /stream} (one
 * chunk, then holds until {@link #releaseStreams()}), {@code /stall} (one chunk, then nothing),
 * {@code /download?bytes=N} (N pattern bytes, with backpressure), {@code /upload} (answers the byte
 * count and CRC-32 of the body), {@code /rendezvous?n=N} (each request waits until N of them are
 * waiting, then all are answered: N requests were provably in flight at once), {@code /trailers}
 * (HTTP/1.1 only: a chunked answer with connection-specific trailer fields, whose body names the
 * request's trailer fields); anything else answers {@code hello}.
 */
public final class NettyOrigin implements AutoCloseable {

  /** The byte at offset {@code i} of every generated body. */
  public static int patternByte(long i) {
    return (int) (i & 0xff);
  }

  private static final int CHUNK = 64 * 1024;

  private final boolean h2c;
  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger closed = new AtomicInteger();
  private final AtomicInteger active = new AtomicInteger();
  private final AtomicInteger maxActive = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();
  private final CompletableFuture<Void> streamRelease = new CompletableFuture<>();
  private final List<Runnable> atRendezvous = new ArrayList<>();
  private final ByteBuf pattern;
  private final Channel server;

  private NettyOrigin(boolean h2c, long maxConcurrentStreams) throws InterruptedException {
    this.h2c = h2c;
    ByteBuf p = Unpooled.directBuffer(CHUNK);
    for (int i = 0; i < CHUNK; i++) {
      p.writeByte(patternByte(i));
    }
    this.pattern = p.asReadOnly();
    ChannelHandler init =
        new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            connections.incrementAndGet();
            ch.closeFuture().addListener(f -> closed.incrementAndGet());
            if (h2c) {
              ch.pipeline()
                  .addLast(
                      Http2FrameCodecBuilder.forServer()
                          .initialSettings(
                              Http2Settings.defaultSettings()
                                  .maxConcurrentStreams(maxConcurrentStreams))
                          .build(),
                      new Http2MultiplexHandler(
                          new ChannelInitializer<Channel>() {
                            @Override
                            protected void initChannel(Channel stream) {
                              stream
                                  .pipeline()
                                  .addLast(
                                      new Http2StreamFrameToHttpObjectCodec(true), new Handler());
                            }
                          }));
            } else {
              ch.pipeline().addLast(new HttpServerCodec(), new Handler());
            }
          }
        };
    this.server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(init)
            .bind("127.0.0.1", 0)
            .sync()
            .channel();
  }

  public static NettyOrigin http1() throws InterruptedException {
    return new NettyOrigin(false, Long.MAX_VALUE);
  }

  public static NettyOrigin h2c(long maxConcurrentStreams) throws InterruptedException {
    return new NettyOrigin(true, maxConcurrentStreams);
  }

  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  public int connections() {
    return connections.get();
  }

  /** Connections that have been closed (by either side). */
  public int closedConnections() {
    return closed.get();
  }

  public int maxConcurrentRequests() {
    return maxActive.get();
  }

  public int requests() {
    return requests.get();
  }

  /** Lets every held {@code /stream} response finish. */
  public void releaseStreams() {
    streamRelease.complete(null);
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    pattern.release();
  }

  /** One request at a time per channel (an HTTP/1.1 connection or an HTTP/2 stream). */
  private final class Handler extends ChannelInboundHandlerAdapter {
    private HttpRequest request;
    private StringBuilder echo;
    private CRC32 crc;
    private long uploaded;
    private String trailerNames = "";

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        if (msg instanceof HttpRequest req) {
          request = req;
          requests.incrementAndGet();
          maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
          echo = new StringBuilder();
          crc = new CRC32();
          uploaded = 0;
          echo.append(req.method()).append(' ').append(req.uri()).append('\n');
          for (Map.Entry<String, String> h : req.headers()) {
            echo.append(h.getKey().toLowerCase()).append(": ").append(h.getValue()).append('\n');
          }
          echo.append('\n');
        }
        if (msg instanceof HttpContent c) {
          ByteBuf b = c.content();
          uploaded += b.readableBytes();
          crc.update(b.nioBuffer());
          if (uploaded < 4096) {
            echo.append(b.toString(StandardCharsets.UTF_8));
          }
          if (c instanceof LastHttpContent last) {
            trailerNames = String.join(",", last.trailingHeaders().names());
            respond(ctx, request);
          }
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    private void respond(ChannelHandlerContext ctx, HttpRequest req) {
      QueryStringDecoder q = new QueryStringDecoder(req.uri());
      String path = q.path().substring(q.path().lastIndexOf('/')); // "/any/prefix/echo" is "/echo"
      switch (path) {
        case "/echo" -> send(ctx, text(HttpResponseStatus.OK, echo.toString()));
        case "/upload" ->
            send(
                ctx,
                text(
                    HttpResponseStatus.OK,
                    "bytes=" + uploaded + " crc=" + Long.toHexString(crc.getValue())));
        case "/hold" -> {
          long ms = Long.parseLong(q.parameters().get("ms").get(0));
          ctx.executor()
              .schedule(
                  () -> send(ctx, text(HttpResponseStatus.OK, "held " + ms)),
                  ms,
                  TimeUnit.MILLISECONDS);
        }
        case "/stream", "/stall" -> {
          HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
          head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream");
          HttpUtil.setTransferEncodingChunked(head, !h2c);
          ctx.write(head);
          ctx.writeAndFlush(
              new DefaultHttpContent(ByteBufUtil.writeUtf8(ctx.alloc(), "data: first\n\n")));
          if (path.equals("/stream")) {
            streamRelease.thenRun(
                () ->
                    ctx.executor()
                        .execute(
                            () ->
                                ctx.writeAndFlush(
                                    new DefaultLastHttpContent(
                                        ByteBufUtil.writeUtf8(ctx.alloc(), "data: last\n\n")))));
          }
        }
        case "/download" -> {
          long n = Long.parseLong(q.parameters().get("bytes").get(0));
          HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
          HttpUtil.setContentLength(head, n);
          head.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream");
          ctx.write(head);
          new Download(ctx, n).pump();
        }
        case "/rendezvous" -> {
          int n = Integer.parseInt(q.parameters().get("n").get(0));
          List<Runnable> answer = List.of();
          synchronized (atRendezvous) {
            atRendezvous.add(() -> send(ctx, text(HttpResponseStatus.OK, "met")));
            if (atRendezvous.size() >= n) {
              answer = List.copyOf(atRendezvous);
              atRendezvous.clear();
            }
          }
          answer.forEach(Runnable::run);
        }
        case "/close" -> {
          FullHttpResponse res = text(HttpResponseStatus.OK, "closing");
          res.headers().set(HttpHeaderNames.CONNECTION, "close");
          active.decrementAndGet();
          ctx.writeAndFlush(res).addListener(io.netty.channel.ChannelFutureListener.CLOSE);
        }
        case "/badheader" -> {
          active.decrementAndGet();
          // raw bytes past the encoder: a header block too large for any sane decoder
          ctx.pipeline()
              .firstContext()
              .writeAndFlush(
                  Unpooled.copiedBuffer(
                      "HTTP/1.1 200 OK\r\nX-Big: " + "z".repeat(20_000) + "\r\n\r\n",
                      StandardCharsets.US_ASCII));
        }
        case "/trailers" -> {
          active.decrementAndGet();
          // raw bytes past the encoder (HTTP/1.1 only): a chunked answer whose trailer section
          // carries connection-specific fields, one of them nominated by the head's Connection
          String body = "request trailers: " + trailerNames;
          ctx.pipeline()
              .firstContext()
              .writeAndFlush(
                  Unpooled.copiedBuffer(
                      "HTTP/1.1 200 OK\r\nConnection: X-Secret\r\nTransfer-Encoding: chunked\r\n"
                          + "Trailer: X-Sum\r\n\r\n"
                          + Integer.toHexString(body.length())
                          + "\r\n"
                          + body
                          + "\r\n0\r\nX-Secret: 1\r\nKeep-Alive: timeout=5\r\nConnection: X-Other\r\n"
                          + "X-Other: 1\r\nX-Sum: def\r\n\r\n",
                      StandardCharsets.US_ASCII));
        }
        default -> send(ctx, text(HttpResponseStatus.OK, "hello"));
      }
    }

    private void send(ChannelHandlerContext ctx, FullHttpResponse res) {
      active.decrementAndGet();
      ctx.writeAndFlush(res);
    }

    private FullHttpResponse text(HttpResponseStatus status, String body) {
      ByteBuf b = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
      FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, b);
      res.headers()
          .set(HttpHeaderNames.CONTENT_TYPE, "text/plain")
          .setInt(HttpHeaderNames.CONTENT_LENGTH, b.readableBytes())
          .set("x-origin-connections", connections.get());
      return res;
    }
  }

  /** Writes {@code n} pattern bytes while the channel is writable; resumes on writability. */
  private final class Download {
    private final ChannelHandlerContext ctx;
    private long left;

    Download(ChannelHandlerContext ctx, long n) {
      this.ctx = ctx;
      this.left = n;
    }

    void pump() {
      while (left > 0 && ctx.channel().isWritable()) {
        int len = (int) Math.min(CHUNK, left);
        left -= len;
        ByteBuf chunk = pattern.retainedSlice(0, len);
        if (left == 0) {
          ctx.writeAndFlush(new DefaultLastHttpContent(chunk));
          return;
        }
        ctx.write(new DefaultHttpContent(chunk));
      }
      if (left > 0) {
        // Listen before flushing: the flush itself may make the channel writable again.
        ctx.channel()
            .pipeline()
            .addLast(
                new ChannelInboundHandlerAdapter() {
                  @Override
                  public void channelWritabilityChanged(ChannelHandlerContext c) {
                    if (c.channel().isWritable()) {
                      c.pipeline().remove(this);
                      c.executor().execute(Download.this::pump);
                    }
                    c.fireChannelWritabilityChanged();
                  }
                });
        ctx.flush();
      }
    }
  }
}
