package io.mcpedge.server.tracing;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.Compressor;
import io.opentelemetry.sdk.common.export.GrpcResponse;
import io.opentelemetry.sdk.common.export.GrpcSender;
import io.opentelemetry.sdk.common.export.GrpcSenderConfig;
import io.opentelemetry.sdk.common.export.GrpcStatusCode;
import io.opentelemetry.sdk.common.export.MessageWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;

/**
 * OTLP/gRPC over the proxy's own Netty HTTP/2 client, so that the exporter needs neither OkHttp nor
 * grpc-java: one unary call ({@code TraceService/Export}) per batch, on a connection opened for it
 * (h2c by prior knowledge for {@code http://}, TLS with ALPN {@code h2} and the JDK's trust store
 * for {@code https://}) and closed after the answer. A batch leaves every few seconds, so a
 * connection per batch costs nothing worth a pool. Messages are framed as gRPC over HTTP/2 says: a
 * compressed flag, a 4-byte length, the protobuf bytes; the status comes from the {@code
 * grpc-status} trailer (or a trailers-only answer). Runs on one event loop of its own.
 */
final class NettyGrpcSender implements GrpcSender {

  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(
          1, new DefaultThreadFactory("otlp-grpc", true), NioIoHandler.newFactory());
  private final URI endpoint;
  private final int port;
  private final String path;
  private final SslContext ssl;
  private final GrpcSenderConfig config;

  NettyGrpcSender(GrpcSenderConfig config) {
    this.config = config;
    this.endpoint = config.getEndpoint();
    boolean tls = "https".equals(endpoint.getScheme());
    this.port = endpoint.getPort() > 0 ? endpoint.getPort() : tls ? 443 : 80;
    this.path = "/" + config.getFullMethodName();
    try {
      this.ssl =
          tls
              ? SslContextBuilder.forClient()
                  .applicationProtocolConfig(
                      new ApplicationProtocolConfig(
                          ApplicationProtocolConfig.Protocol.ALPN,
                          ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                          ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                          ApplicationProtocolNames.HTTP_2))
                  .build()
              : null;
    } catch (SSLException e) {
      throw new IllegalStateException("OTLP/gRPC TLS context: " + e.getMessage(), e);
    }
  }

  @Override
  public void send(
      MessageWriter writer, Consumer<GrpcResponse> onResponse, Consumer<Throwable> onError) {
    byte[] body;
    try {
      body = frame(writer, config.getCompressor());
    } catch (IOException e) {
      onError.accept(e);
      return;
    }
    Call call = new Call(onResponse, onError);
    String host = endpoint.getHost();
    ChannelFuture connect =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS,
                (int) Math.min(Integer.MAX_VALUE, config.getConnectTimeout().toMillis()))
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    if (ssl != null) {
                      ch.pipeline().addLast(ssl.newHandler(ch.alloc(), host, port));
                    }
                    ch.pipeline()
                        .addLast(
                            Http2FrameCodecBuilder.forClient().build(),
                            new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
                  }
                })
            .connect(host, port);
    connect.addListener(
        (ChannelFuture f) -> {
          if (f.isSuccess()) {
            call.open(f.channel(), headers(), body);
          } else {
            call.fail(f.cause());
          }
        });
  }

  /** The gRPC length-prefixed message: flag, 4-byte big-endian length, bytes. */
  static byte[] frame(MessageWriter writer, Compressor compressor) throws IOException {
    ByteArrayOutputStream message = new ByteArrayOutputStream(writer.getContentLength());
    if (compressor == null) {
      writer.writeMessage(message);
    } else {
      try (OutputStream out = compressor.compress(message)) {
        writer.writeMessage(out);
      }
    }
    int n = message.size();
    ByteArrayOutputStream framed = new ByteArrayOutputStream(n + 5);
    framed.write(compressor == null ? 0 : 1);
    framed.write(n >>> 24);
    framed.write(n >>> 16);
    framed.write(n >>> 8);
    framed.write(n);
    message.writeTo(framed);
    return framed.toByteArray();
  }

  private Http2Headers headers() {
    Http2Headers h =
        new DefaultHttp2Headers()
            .method("POST")
            .scheme(ssl == null ? "http" : "https")
            .authority(endpoint.getHost() + ":" + port)
            .path(path)
            .add("content-type", "application/grpc")
            .add("te", "trailers")
            .add("user-agent", "mcp-edge-otlp");
    if (config.getCompressor() != null) {
      h.add("grpc-encoding", config.getCompressor().getEncoding());
    }
    Map<String, List<String>> extra = config.getHeadersSupplier().get();
    if (extra != null) {
      extra.forEach((k, vs) -> vs.forEach(v -> h.add(k.toLowerCase(Locale.ROOT), v)));
    }
    return h;
  }

  @Override
  public CompletableResultCode shutdown() {
    CompletableResultCode done = new CompletableResultCode();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).addListener(f -> done.succeed());
    return done;
  }

  /** One unary call: its answer or failure is reported exactly once, then the connection closes. */
  private final class Call extends ChannelInboundHandlerAdapter {

    private final Consumer<GrpcResponse> onResponse;
    private final Consumer<Throwable> onError;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private Channel connection;
    private Http2Headers head;
    private boolean done;

    Call(Consumer<GrpcResponse> onResponse, Consumer<Throwable> onError) {
      this.onResponse = onResponse;
      this.onError = onError;
    }

    void open(Channel ch, Http2Headers headers, byte[] body) {
      connection = ch;
      ch.closeFuture().addListener(f -> fail(new IOException("OTLP/gRPC connection closed")));
      ch.eventLoop()
          .schedule(
              () -> fail(new IOException("OTLP/gRPC export timed out")),
              config.getTimeout().toNanos(),
              TimeUnit.NANOSECONDS);
      new Http2StreamChannelBootstrap(ch)
          .handler(this)
          .open()
          .addListener(
              f -> {
                if (!f.isSuccess()) {
                  fail(f.cause());
                  return;
                }
                Http2StreamChannel stream = (Http2StreamChannel) f.getNow();
                stream.write(new DefaultHttp2HeadersFrame(headers));
                stream.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(body), true));
              });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        if (msg instanceof io.netty.handler.codec.http2.Http2HeadersFrame h) {
          if (head == null) {
            head = h.headers();
          }
          if (h.isEndStream()) {
            finish(h.headers());
          }
        } else if (msg instanceof io.netty.handler.codec.http2.Http2DataFrame d) {
          d.content().readBytes(received, d.content().readableBytes());
          if (d.isEndStream()) {
            finish(new DefaultHttp2Headers());
          }
        }
      } catch (IOException e) {
        fail(e);
      } finally {
        io.netty.util.ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      fail(new IOException("OTLP/gRPC stream closed"));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      fail(cause);
    }

    private void finish(Http2Headers trailers) {
      if (done) {
        return;
      }
      done = true;
      CharSequence status = trailers.get("grpc-status");
      if (status == null && head != null) {
        status = head.get("grpc-status");
      }
      GrpcStatusCode code =
          status != null ? parse(status) : fromHttp(head == null ? null : head.status());
      CharSequence message = trailers.get("grpc-message");
      byte[] bytes = received.toByteArray();
      byte[] payload =
          bytes.length >= 5 ? java.util.Arrays.copyOfRange(bytes, 5, bytes.length) : new byte[0];
      connection.close();
      onResponse.accept(
          new Response(code, message == null ? code.name() : message.toString(), payload));
    }

    void fail(Throwable cause) {
      if (done) {
        return;
      }
      done = true;
      if (connection != null) {
        connection.close();
      }
      onError.accept(cause);
    }
  }

  private static GrpcStatusCode parse(CharSequence status) {
    try {
      return GrpcStatusCode.fromValue(Integer.parseInt(status.toString()));
    } catch (IllegalArgumentException e) {
      return GrpcStatusCode.UNKNOWN;
    }
  }

  /** gRPC's mapping of an HTTP status without {@code grpc-status} (http-grpc-status-mapping). */
  private static GrpcStatusCode fromHttp(CharSequence status) {
    return switch (status == null ? "" : status.toString()) {
      case "400" -> GrpcStatusCode.INTERNAL;
      case "401" -> GrpcStatusCode.UNAUTHENTICATED;
      case "403" -> GrpcStatusCode.PERMISSION_DENIED;
      case "404" -> GrpcStatusCode.UNIMPLEMENTED;
      case "429", "502", "503", "504" -> GrpcStatusCode.UNAVAILABLE;
      default -> GrpcStatusCode.UNKNOWN;
    };
  }

  private record Response(
      GrpcStatusCode getStatusCode, String getStatusDescription, byte[] getResponseMessage)
      implements GrpcResponse {}
}
