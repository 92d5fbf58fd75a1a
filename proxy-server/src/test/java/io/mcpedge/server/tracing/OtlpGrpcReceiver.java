package io.mcpedge.server.tracing;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An OTLP/gRPC collector on a Netty HTTP/2 server (h2c by prior knowledge): it reads the unary
 * {@code TraceService/Export} call's length-prefixed message, decodes it with the proto classes and
 * answers {@code grpc-status: 0} in trailers, as a real collector does.
 */
final class OtlpGrpcReceiver extends OtlpReceiver {

  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Channel server;
  private final List<Http2Headers> heads = new CopyOnWriteArrayList<>();
  private final String refusal;
  private final SslContext tls;

  OtlpGrpcReceiver() throws InterruptedException {
    this(null);
  }

  /**
   * @param refusal a {@code grpc-status} to answer every call with, trailers-only, as a collector
   *     that cannot take the batch does; {@code null} to accept them
   */
  OtlpGrpcReceiver(String refusal) throws InterruptedException {
    this(refusal, null);
  }

  /**
   * @param tls the server's TLS context (ALPN {@code h2}), as a collector behind {@code https://}
   *     has; {@code null} for h2c
   */
  OtlpGrpcReceiver(String refusal, SslContext tls) throws InterruptedException {
    this.refusal = refusal;
    this.tls = tls;
    server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    if (tls != null) {
                      ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                    }
                    ch.pipeline()
                        .addLast(
                            Http2FrameCodecBuilder.forServer().build(),
                            new Http2MultiplexHandler(
                                new ChannelInitializer<Channel>() {
                                  @Override
                                  protected void initChannel(Channel stream) {
                                    stream.pipeline().addLast(new Call());
                                  }
                                }));
                  }
                })
            .bind("127.0.0.1", 0)
            .sync()
            .channel();
  }

  /** The request heads of the calls received. */
  List<Http2Headers> heads() {
    return List.copyOf(heads);
  }

  private final class Call extends ChannelInboundHandlerAdapter {

    private ByteBuf body;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        if (msg instanceof Http2HeadersFrame h) {
          heads.add(h.headers());
          body = ctx.alloc().buffer();
        } else if (msg instanceof Http2DataFrame d) {
          body.writeBytes(d.content());
          if (d.isEndStream()) {
            answer(ctx);
          }
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    private void answer(ChannelHandlerContext ctx) {
      if (refusal != null) {
        body.release();
        ctx.writeAndFlush(
            new DefaultHttp2HeadersFrame(
                new DefaultHttp2Headers()
                    .status("200")
                    .add("content-type", "application/grpc")
                    .add("grpc-status", refusal)
                    .add("grpc-message", "try later"),
                true));
        return;
      }
      String status = "0";
      try {
        if (body.readUnsignedByte() != 0) {
          status = "12"; // UNIMPLEMENTED: no compression was asked for
        } else {
          int length = body.readInt();
          received(
              ExportTraceServiceRequest.parseFrom(new ByteBufInputStream(body.readSlice(length))));
        }
      } catch (IOException | IndexOutOfBoundsException e) {
        status = "13"; // INTERNAL
      } finally {
        body.release();
      }
      byte[] message = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
      ByteBuf framed = Unpooled.buffer(5 + message.length);
      framed.writeByte(0).writeInt(message.length).writeBytes(message);
      ctx.write(
          new DefaultHttp2HeadersFrame(
              new DefaultHttp2Headers().status("200").add("content-type", "application/grpc")));
      ctx.write(new DefaultHttp2DataFrame(framed));
      ctx.writeAndFlush(
          new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().add("grpc-status", status), true));
    }
  }

  @Override
  String endpoint() {
    return (tls == null ? "http" : "https")
        + "://127.0.0.1:"
        + ((InetSocketAddress) server.localAddress()).getPort();
  }

  @Override
  String protocol() {
    return "grpc";
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }
}
