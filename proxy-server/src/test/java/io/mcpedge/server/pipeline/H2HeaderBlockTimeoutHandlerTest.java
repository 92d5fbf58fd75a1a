package io.mcpedge.server.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.mcpedge.server.time.Scheduler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.AbstractScheduledEventExecutor;
import io.netty.util.concurrent.Ticker;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The frame headers are followed across reads; only an unfinished header block is timed (RFC 9113
 * §6.2, §6.10). The embedded channel's own clock drives the timer.
 */
class H2HeaderBlockTimeoutHandlerTest {

  private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(5);
  private static final byte[] PREFACE =
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

  private static ByteBuf frame(int type, int flags, int stream, int length) {
    ByteBuf b = Unpooled.buffer();
    b.writeMedium(length).writeByte(type).writeByte(flags).writeInt(stream);
    b.writeZero(length);
    return b;
  }

  private static EmbeddedChannel channel() {
    EmbeddedChannel ch = new EmbeddedChannel();
    ch.freezeTime();
    Ticker loopTime = ((AbstractScheduledEventExecutor) ch.eventLoop()).ticker();
    Scheduler time = loopTime::nanoTime;
    ch.pipeline()
        .addLast(
            new H2HeaderBlockTimeoutHandler(TIMEOUT, time),
            new ChannelInboundHandlerAdapter() {
              @Override
              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ReferenceCountUtil.release(msg); // the frame codec's part
              }
            });
    ch.writeInbound(Unpooled.wrappedBuffer(PREFACE), frame(0x4, 0, 0, 0));
    return ch;
  }

  @Test
  void anUnfinishedBlockClosesTheConnectionAtTheTimeout() {
    EmbeddedChannel ch = channel();
    ch.writeInbound(frame(0x1, 0x1, 1, 10)); // HEADERS without END_HEADERS
    ch.writeInbound(frame(0x9, 0, 1, 3)); // a CONTINUATION that does not end it
    ch.advanceTimeBy(4, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertThat(ch.isActive()).isTrue();
    ch.advanceTimeBy(2, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertThat(ch.isActive()).isFalse();
    assertFalse(ch.finishAndReleaseAll());
  }

  @Test
  void aFinishedBlockIsNotTimedEvenWhenFramesAreSplitAcrossReads() {
    EmbeddedChannel ch = channel();
    ByteBuf headers = frame(0x1, 0, 1, 20);
    ch.writeInbound(headers.readRetainedSlice(5), headers.readRetainedSlice(10), headers);
    ByteBuf end = frame(0x9, 0x4, 1, 2); // CONTINUATION with END_HEADERS
    ch.writeInbound(end.readRetainedSlice(3), end);
    ch.writeInbound(frame(0x1, 0x5, 3, 7)); // a whole block in one HEADERS frame
    ch.advanceTimeBy(10, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertThat(ch.isActive()).isTrue();
    assertFalse(ch.finishAndReleaseAll());
  }

  @Test
  void aPayloadThatLooksLikeAFrameHeaderIsSkipped() {
    EmbeddedChannel ch = channel();
    ByteBuf data = Unpooled.buffer();
    data.writeMedium(9).writeByte(0x0).writeByte(0).writeInt(1); // DATA, 9 bytes of payload:
    data.writeMedium(0).writeByte(0x1).writeByte(0).writeInt(1); // which look like a HEADERS
    ch.writeInbound(data);
    ch.advanceTimeBy(10, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertThat(ch.isActive()).isTrue();
    assertFalse(ch.finishAndReleaseAll());
  }
}
