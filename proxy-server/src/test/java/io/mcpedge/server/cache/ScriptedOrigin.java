package io.mcpedge.server.cache;

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
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/1.1 origin on loopback whose answer per path is set by the test, and which records every
 * request it gets. Unlike WireMock it adds no header of its own (no {@code Date}, no {@code
 * Server}), so freshness tests see exactly the fields they script. Like the origin of the public
 * HTTP caching test suite, it answers a conditional request whose validator matches the scripted
 * {@code ETag} or {@code Last-Modified} with a 304 carrying the scripted fields.
 */
final class ScriptedOrigin implements AutoCloseable {

  /** What the origin answers on one path; headers are name/value pairs, in order. */
  record Reply(int status, List<String[]> headers, String body) {}

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

  /** Every request seen for a path (without its query), oldest first. */
  List<Seen> seen(String path) {
    return seen.getOrDefault(path, List.of());
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
      String uri = req.uri();
      String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
      seen.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>())
          .add(new Seen(req.method().name(), req.headers().copy()));
      Reply reply = replies.getOrDefault(uri, replies.get(path));
      if (reply == null) {
        reply = new Reply(404, List.of(), "not scripted");
      }
      boolean notModified = reply.status() == 200 && notModified(req, reply);
      int status = notModified ? 304 : reply.status();
      byte[] body =
          notModified || status == 204 || status == 304 || req.method() == HttpMethod.HEAD
              ? new byte[0]
              : reply.body().getBytes(StandardCharsets.UTF_8);
      FullHttpResponse res =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1,
              HttpResponseStatus.valueOf(status),
              Unpooled.wrappedBuffer(body));
      for (String[] h : reply.headers()) {
        res.headers().add(h[0], h[1]);
      }
      if (status != 204 && status != 304) {
        int length =
            req.method() == HttpMethod.HEAD
                ? reply.body().getBytes(StandardCharsets.UTF_8).length
                : body.length;
        res.headers().set(HttpHeaderNames.CONTENT_LENGTH, length);
      }
      ctx.writeAndFlush(res);
    }

    private boolean notModified(FullHttpRequest req, Reply reply) {
      String etag = field(reply, "etag");
      String inm = req.headers().get(HttpHeaderNames.IF_NONE_MATCH);
      if (inm != null) {
        return etag != null && List.of(inm.split("\\s*,\\s*")).contains(etag.trim());
      }
      String lm = field(reply, "last-modified");
      String ims = req.headers().get(HttpHeaderNames.IF_MODIFIED_SINCE);
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
