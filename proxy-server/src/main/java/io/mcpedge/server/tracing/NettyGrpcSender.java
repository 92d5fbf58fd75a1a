package io.mcpedge.server.tracing;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
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
import io.opentelemetry.sdk.common.export.RetryPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javax.net.ssl.SSLException;

/**
 * OTLP/gRPC over the proxy's own Netty HTTP/2 client, so that the exporter needs neither OkHttp nor
 * grpc-java: one unary call ({@code TraceService/Export}) per batch, on a connection opened for it
 * (h2c by prior knowledge for {@code http://}, TLS with ALPN {@code h2} and the JDK's trust store
 * for {@code https://}) and closed after the answer. A batch leaves every few seconds, so a
 * connection per batch costs nothing worth a pool. Retryable statuses and I/O failures are retried
 * as the exporter's retry policy says. Messages are framed as gRPC over HTTP/2 says: a compressed
 * flag, a 4-byte length, the protobuf bytes; the status comes from the {@code grpc-status} trailer
 * (or a trailers-only answer). Runs on one event loop of its own.
 */
final class NettyGrpcSender implements GrpcSender {

  /** The statuses the OTLP specification says a client may retry. */
  private static final Set<GrpcStatusCode> RETRYABLE =
      EnumSet.of(
          GrpcStatusCode.CANCELLED,
          GrpcStatusCode.DEADLINE_EXCEEDED,
          GrpcStatusCode.RESOURCE_EXHAUSTED,
          GrpcStatusCode.ABORTED,
          GrpcStatusCode.OUT_OF_RANGE,
          GrpcStatusCode.UNAVAILABLE,
          GrpcStatusCode.DATA_LOSS);

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
      this.ssl = tls ? tlsContext(config) : null;
    } catch (SSLException e) {
      throw new IllegalStateException("OTLP/gRPC TLS context: " + e.getMessage(), e);
    }
  }

  /** ALPN h2; the exporter's trusted certificates ({@code tracing.caFile}), else the JVM's. */
  private static SslContext tlsContext(GrpcSenderConfig config) throws SSLException {
    SslContextBuilder b =
        SslContextBuilder.forClient()
            .applicationProtocolConfig(
                new ApplicationProtocolConfig(
                    ApplicationProtocolConfig.Protocol.ALPN,
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                    ApplicationProtocolNames.HTTP_2));
    if (config.getTrustManager() != null) {
      b.trustManager(config.getTrustManager());
    }
    return b.build();
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
    attempt(body, 1, onResponse, onError);
  }

  /**
   * Sends attempt {@code n}; a retryable status or an I/O failure is sent again after the
   * exporter's retry policy's backoff (exponential, with jitter) until its attempts run out.
   */
  private void attempt(
      byte[] body, int n, Consumer<GrpcResponse> onResponse, Consumer<Throwable> onError) {
    RetryPolicy retry = config.getRetryPolicy();
    boolean more = retry != null && n < retry.getMaxAttempts();
    Runnable again = () -> attempt(body, n + 1, onResponse, onError);
    GrpcCall call =
        new GrpcCall(
            r -> {
              if (more && RETRYABLE.contains(r.getStatusCode())) {
                later(retry, n, again, () -> onResponse.accept(r));
              } else {
                onResponse.accept(r);
              }
            },
            t -> {
              if (more && t instanceof IOException io && retryable(retry, io)) {
                later(retry, n, again, () -> onError.accept(t));
              } else {
                onError.accept(t);
              }
            });
    connect()
        .addListener(
            (ChannelFuture f) -> {
              if (f.isSuccess()) {
                call.open(f.channel(), headers(), body, config.getTimeout());
              } else {
                call.fail(f.cause());
              }
            });
  }

  /** The policy's predicate; without one, every I/O failure (refused, reset, timed out). */
  private static boolean retryable(RetryPolicy retry, IOException e) {
    Predicate<IOException> p = retry.getRetryExceptionPredicate();
    return p == null || p.test(e);
  }

  private void later(RetryPolicy retry, int n, Runnable again, Runnable giveUp) {
    double backoff =
        Math.min(
            retry.getInitialBackoff().toNanos() * Math.pow(retry.getBackoffMultiplier(), n - 1),
            retry.getMaxBackoff().toNanos());
    long delay = (long) (backoff * ThreadLocalRandom.current().nextDouble(0.8, 1.2));
    try {
      group.schedule(again, delay, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      giveUp.run(); // shutting down
    }
  }

  private ChannelFuture connect() {
    String host = endpoint.getHost();
    return new Bootstrap()
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
            .add("te", "trailers"); // the exporter's headers bring its user-agent
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
}
