package io.mcpedge.server.pipeline;

import io.mcpedge.server.time.Scheduler;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the time an HTTP/2 client may take to send one header block: from the first byte of a
 * {@code HEADERS} (or {@code PUSH_PROMISE}) frame to the frame that carries {@code END_HEADERS}
 * (RFC 9113 §6.2, §6.10), with {@code server.clientHeaderTimeout}, the HTTP/1.1 head's bound. When
 * it expires the connection is closed: no frame of another stream may come between a block's frames
 * (RFC 9113 §6.10), so the connection can do nothing else meanwhile.
 *
 * <p>The frame decoder bounds the block's size ({@code maxHeaderSize} and a quarter more), not its
 * time: a client that sends a large value in small {@code CONTINUATION} frames, slowly, held a
 * connection and the decoder's buffer for as long as it liked, since the HTTP/1.1 head timeout
 * leaves the pipeline when a connection turns into HTTP/2.
 *
 * <p>It reads only the frame headers as the bytes pass (after the 24-byte client preface, RFC 9113
 * §3.4), so it costs a few comparisons per frame; the deadline is one pending check, as in {@link
 * ClientHeaderTimeoutHandler}. Sits before the HTTP/2 frame codec.
 */
public final class H2HeaderBlockTimeoutHandler extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(H2HeaderBlockTimeoutHandler.class);

  private static final int PREFACE_LENGTH = 24;
  private static final int FRAME_HEADER_LENGTH = 9;
  private static final int HEADERS = 0x1;
  private static final int PUSH_PROMISE = 0x5;
  private static final int CONTINUATION = 0x9;
  private static final int END_HEADERS = 0x4;

  private final long timeoutNanos;
  private final Scheduler time;
  private long skip = PREFACE_LENGTH; // bytes of the preface or of a frame's payload still to pass
  private final byte[] header = new byte[FRAME_HEADER_LENGTH];
  private int headerFill;
  private boolean inBlock;
  private long deadline;
  private Future<?> timer;

  public H2HeaderBlockTimeoutHandler(long timeoutNanos, Scheduler time) {
    this.timeoutNanos = timeoutNanos;
    this.time = time;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf b) {
      scan(ctx, b);
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancel();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancel();
    ctx.fireChannelInactive();
  }

  /** Follows the frame boundaries through {@code b} without consuming it. */
  private void scan(ChannelHandlerContext ctx, ByteBuf b) {
    int i = b.readerIndex();
    int end = b.writerIndex();
    while (i < end) {
      if (skip > 0) {
        long n = Math.min(skip, end - i);
        skip -= n;
        i += (int) n;
        continue;
      }
      header[headerFill++] = b.getByte(i++);
      if (headerFill == FRAME_HEADER_LENGTH) {
        headerFill = 0;
        frame(ctx);
      }
    }
  }

  private void frame(ChannelHandlerContext ctx) {
    int length = (header[0] & 0xff) << 16 | (header[1] & 0xff) << 8 | header[2] & 0xff;
    int type = header[3] & 0xff;
    boolean endHeaders = (header[4] & END_HEADERS) != 0;
    skip = length;
    if (type == HEADERS || type == PUSH_PROMISE) {
      if (!endHeaders && !inBlock) {
        start(ctx);
      } else if (endHeaders) {
        inBlock = false;
      }
    } else if (type == CONTINUATION && endHeaders) {
      inBlock = false;
    }
  }

  private void start(ChannelHandlerContext ctx) {
    if (timeoutNanos <= 0) {
      return;
    }
    inBlock = true;
    deadline = time.getAsLong() + timeoutNanos;
    if (timer == null) {
      timer = time.schedule(ctx.executor(), () -> check(ctx), timeoutNanos);
    }
  }

  private void check(ChannelHandlerContext ctx) {
    timer = null;
    if (!inBlock || !ctx.channel().isActive()) {
      return; // the next block schedules a check of its own
    }
    long left = deadline - time.getAsLong();
    if (left > 0) {
      timer = time.schedule(ctx.executor(), () -> check(ctx), left);
      return;
    }
    log.debug("{} HTTP/2 header block not finished in time: closed", ctx.channel().id());
    ctx.close();
  }

  private void cancel() {
    inBlock = false;
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }
}
