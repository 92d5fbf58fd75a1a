package io.mcpedge.server.tracing;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.util.ReferenceCountUtil;
import io.opentelemetry.sdk.common.export.GrpcResponse;
import io.opentelemetry.sdk.common.export.GrpcStatusCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * One unary gRPC call on its own HTTP/2 stream: sends the head and the framed message, collects the
 * answer's message and its status ({@code grpc-status} in the trailers, or in the head of a
 * trailers-only answer, else mapped from {@code :status}), reports it or the failure exactly once,
 * then closes the connection. The stream's handler; runs on the connection's event loop.
 */
final class GrpcCall extends ChannelInboundHandlerAdapter {

  private final Consumer<GrpcResponse> onResponse;
  private final Consumer<Throwable> onError;
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  private Channel connection;
  private Http2Headers head;
  private boolean done;

  GrpcCall(Consumer<GrpcResponse> onResponse, Consumer<Throwable> onError) {
    this.onResponse = onResponse;
    this.onError = onError;
  }

  /** Opens the call's stream on {@code ch} and sends it; fails it after {@code timeout}. */
  void open(Channel ch, Http2Headers headers, byte[] body, Duration timeout) {
    connection = ch;
    ch.closeFuture().addListener(f -> fail(new IOException("OTLP/gRPC connection closed")));
    ch.eventLoop()
        .schedule(
            () -> fail(new IOException("OTLP/gRPC export timed out")),
            timeout.toNanos(),
            java.util.concurrent.TimeUnit.NANOSECONDS);
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
      if (msg instanceof Http2HeadersFrame h) {
        if (head == null) {
          head = h.headers();
        }
        if (h.isEndStream()) {
          finish(h.headers());
        }
      } else if (msg instanceof Http2DataFrame d) {
        d.content().readBytes(received, d.content().readableBytes());
        if (d.isEndStream()) {
          finish(new DefaultHttp2Headers());
        }
      }
    } catch (IOException e) {
      fail(e);
    } finally {
      ReferenceCountUtil.release(msg);
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
    if (message == null && head != null) {
      message = head.get("grpc-message");
    }
    byte[] bytes = received.toByteArray();
    byte[] payload = bytes.length >= 5 ? Arrays.copyOfRange(bytes, 5, bytes.length) : new byte[0];
    connection.close();
    onResponse.accept(
        new Response(code, message == null ? code.name() : message.toString(), payload));
  }

  /** Ends the call without an answer; safe to call again. */
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
