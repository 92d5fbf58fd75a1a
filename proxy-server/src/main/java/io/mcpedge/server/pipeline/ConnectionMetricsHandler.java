package io.mcpedge.server.pipeline;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the downstream connections of one protocol and the bytes they carry on the wire: the first
 * handler of a client connection ({@code connection-metrics} in {@link
 * io.mcpedge.server.channel.PipelineNames}), so that it sees raw bytes, before any codec. A
 * connection is counted from the moment the handler is added until it is removed, which Netty does
 * when the connection closes; a connection that turns into HTTP/2 swaps the HTTP/1.1 instance for
 * the HTTP/2 one, moving itself from one count to the other.
 *
 * <p>One instance per protocol, shared by every connection of every event loop: it holds no state
 * of a connection, and counting is a {@link LongAdder} increment, without allocation.
 */
@ChannelHandler.Sharable
public final class ConnectionMetricsHandler extends ChannelDuplexHandler {

  private final LongAdder open = new LongAdder();
  private final LongAdder bytesIn = new LongAdder();
  private final LongAdder bytesOut = new LongAdder();

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    open.increment();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    open.decrement();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    bytesIn.add(size(msg));
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    bytesOut.add(size(msg));
    ctx.write(msg, promise);
  }

  private static long size(Object msg) {
    if (msg instanceof ByteBuf b) {
      return b.readableBytes();
    }
    if (msg instanceof ByteBufHolder h) {
      return h.content().readableBytes();
    }
    if (msg instanceof FileRegion f) {
      return f.count();
    }
    return 0;
  }

  /** Connections open now. */
  public long open() {
    return open.sum();
  }

  /** Bytes read from clients so far. */
  public long bytesIn() {
    return bytesIn.sum();
  }

  /** Bytes written to clients so far (queued for the socket). */
  public long bytesOut() {
    return bytesOut.sum();
  }
}
