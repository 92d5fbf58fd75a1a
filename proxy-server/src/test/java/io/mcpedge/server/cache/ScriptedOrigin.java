package io.mcpedge.server.cache;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
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
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/1.1 origin on loopback whose answer per path is set by the test, and which records every
 * request it gets. Unlike WireMock it adds no header of its own (no {@code Date}, no {@code
 * Server}), so freshness tests see exactly the fields they script. Like the origin of the public
 * HTTP caching test suite, it answers a conditional request whose validator matches the scripted
 * {@code ETag} or {@code Last-Modified} with a 304 carrying the scripted fields. A reply with
 * {@code Transfer-Encoding: chunked} is sent without {@code Content-Length}; an answer can be held
 * until the test releases it, one-shot replies can be queued ahead of the scripted one, and a path
 * can be made to fail at the socket (a close without an answer, a reset in the middle of the head).
 */
final class ScriptedOrigin implements AutoCloseable {

  /** What the origin answers on one path; headers are name/value pairs, in order. */
  record Reply(int status, List<String[]> headers, String body) {}

  /** How the origin fails a request instead of answering it. */
  enum Fault {
    /** Reads the request, then closes the connection without a byte of answer. */
    CLOSE,
    /** Reads the request, sends half a status line, then resets the connection (SO_LINGER 0). */
    RESET_MID_HEAD
  }

  /** A request as the origin saw it. */
  record Seen(String method, io.netty.handler.codec.http.HttpHeaders headers) {
    String header(String name) {
      return headers.get(name);
    }
  }

  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Map<String, Reply> replies = new ConcurrentHashMap<>();
  private final Map<String, List<Seen>> seen = new ConcurrentHashMap<>();
  private final Map<String, Deque<Reply>> once = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Void>> holds = new ConcurrentHashMap<>();
  private final Map<String, Fault> faults = new ConcurrentHashMap<>();
  private final Channel server;

  ScriptedOrigin() throws InterruptedException {
    server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline()
                        .addLast(
                            new HttpServerCodec(),
                            new HttpObjectAggregator(1 << 20),
                            new Handler());
                  }
                })
            .bind("127.0.0.1", 0)
            .sync()
            .channel();
  }

  int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  void script(String path, Reply reply) {
    replies.put(path, reply);
  }

  /**
   * Fails every request for a path (without its query) this way, until called again; {@code null}
   * answers them again. The request is recorded as seen.
   */
  void fault(String path, Fault fault) {
    if (fault == null) {
      faults.remove(path);
    } else {
      faults.put(path, fault);
    }
  }

  /** Answers the next requests for a path with these replies, in order, then as scripted. */
  void scriptOnce(String path, Reply... replies) {
    once.computeIfAbsent(path, p -> new ConcurrentLinkedDeque<>()).addAll(List.of(replies));
  }

  /**
   * Holds the answer to the next request for a path until the returned future completes; the
   * request is recorded as seen at once.
   */
  CompletableFuture<Void> holdNext(String path) {
    CompletableFuture<Void> release = new CompletableFuture<>();
    holds.put(path, release);
    return release;
  }

  /** Every request seen for a path (without its query), oldest first. */
  List<Seen> seen(String path) {
    return seen.getOrDefault(path, List.of());
  }

  @Override
  public void close() {
    holds.values().forEach(h -> h.complete(null));
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
      String uri = req.uri();
      String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
      Seen request = new Seen(req.method().name(), req.headers().copy());
      seen.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(request);
      Fault fault = faults.get(path);
      if (fault != null) {
        fail(ctx, fault);
        return;
      }
      Deque<Reply> queued = once.get(path);
      Reply reply = queued == null ? null : queued.poll();
      if (reply == null) {
        reply = replies.getOrDefault(uri, replies.get(path));
      }
      if (reply == null) {
        reply = new Reply(404, List.of(), "not scripted");
      }
      Reply answer = reply;
      CompletableFuture<Void> hold = holds.remove(path);
      if (hold == null) {
        respond(ctx, request, answer);
      } else {
        hold.thenRun(() -> ctx.executor().execute(() -> respond(ctx, request, answer)));
      }
    }

    /** Writes past the codec, straight to the socket, so the half line is not framed. */
    private void fail(ChannelHandlerContext ctx, Fault fault) {
      if (fault == Fault.CLOSE) {
        ctx.close();
        return;
      }
      ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
      ctx.pipeline()
          .firstContext()
          .writeAndFlush(Unpooled.copiedBuffer("HTTP/1.1 20", StandardCharsets.US_ASCII))
          .addListener(ChannelFutureListener.CLOSE);
    }

    private void respond(ChannelHandlerContext ctx, Seen req, Reply reply) {
      boolean head = "HEAD".equals(req.method());
      boolean notModified = reply.status() == 200 && notModified(req.headers(), reply);
      int status = notModified ? 304 : reply.status();
      byte[] full = reply.body().getBytes(StandardCharsets.UTF_8);
      byte[] body = notModified || status == 204 || status == 304 || head ? new byte[0] : full;
      FullHttpResponse res =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1,
              HttpResponseStatus.valueOf(status),
              Unpooled.wrappedBuffer(body));
      for (String[] h : reply.headers()) {
        res.headers().add(h[0], h[1]);
      }
      if (status != 204 && status != 304 && !HttpUtil.isTransferEncodingChunked(res)) {
        res.headers().set(HttpHeaderNames.CONTENT_LENGTH, head ? full.length : body.length);
      }
      ctx.writeAndFlush(res);
    }

    private boolean notModified(io.netty.handler.codec.http.HttpHeaders req, Reply reply) {
      String etag = field(reply, "etag");
      String inm = req.get(HttpHeaderNames.IF_NONE_MATCH);
      if (inm != null) {
        return etag != null && List.of(inm.split("\\s*,\\s*")).contains(etag.trim());
      }
      String lm = field(reply, "last-modified");
      String ims = req.get(HttpHeaderNames.IF_MODIFIED_SINCE);
      ZonedDateTime since = parse(ims);
      ZonedDateTime modified = parse(lm);
      return since != null && modified != null && !since.isBefore(modified);
    }

    private static String field(Reply reply, String name) {
      for (String[] h : reply.headers()) {
        if (h[0].equalsIgnoreCase(name)) {
          return h[1];
        }
      }
      return null;
    }

    private static ZonedDateTime parse(String date) {
      if (date == null) {
        return null;
      }
      try {
        return ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME);
      } catch (DateTimeParseException e) {
        return null;
      }
    }
  }
}
