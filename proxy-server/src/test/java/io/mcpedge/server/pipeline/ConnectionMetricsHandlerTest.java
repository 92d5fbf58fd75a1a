package io.mcpedge.server.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.mcpedge.server.channel.PipelineNames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Connections and wire bytes per protocol, counted by the first handler of a connection. */
class ConnectionMetricsHandlerTest {

  private final ConnectionMetrics metrics = new ConnectionMetrics();

  private static ByteBuf bytes(int n) {
    return Unpooled.wrappedBuffer("x".repeat(n).getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Passes {@code n} bytes in through the handler; they reach the end of the pipeline unchanged.
   */
  private static void in(EmbeddedChannel ch, int n) {
    ch.writeInbound(bytes(n));
    ByteBuf read = ch.readInbound();
    assertThat(read.readableBytes()).isEqualTo(n);
    read.release();
  }

  private static void out(EmbeddedChannel ch, int n) {
    ch.writeOutbound(bytes(n));
    ByteBuf written = ch.readOutbound();
    assertThat(written.readableBytes()).isEqualTo(n);
    written.release();
  }

  @Test
  void countsTheConnectionWhileOpenAndEveryByteEachWay() {
    EmbeddedChannel a = new EmbeddedChannel();
    a.pipeline().addLast(PipelineNames.CONNECTION_METRICS, metrics.http1());
    EmbeddedChannel b = new EmbeddedChannel();
    b.pipeline().addLast(PipelineNames.CONNECTION_METRICS, metrics.http1());
    assertThat(metrics.http1().open()).isEqualTo(2);

    in(a, 10);
    in(b, 5);
    out(a, 7);
    assertThat(metrics.http1().bytesIn()).isEqualTo(15);
    assertThat(metrics.http1().bytesOut()).isEqualTo(7);
    assertThat(metrics.http2().bytesIn()).isZero();

    assertFalse(a.finishAndReleaseAll());
    assertThat(metrics.http1().open()).as("closed connections leave the count").isEqualTo(1);
    assertFalse(b.finishAndReleaseAll());
    assertThat(metrics.http1().open()).isZero();
  }

  @Test
  void aConnectionThatTurnsIntoHttp2MovesToItsCount() {
    EmbeddedChannel ch = new EmbeddedChannel();
    ch.pipeline().addLast(PipelineNames.CONNECTION_METRICS, metrics.http1());
    in(ch, 24);
    ch.pipeline()
        .replace(
            PipelineNames.CONNECTION_METRICS, PipelineNames.CONNECTION_METRICS, metrics.http2());
    assertThat(metrics.http1().open()).isZero();
    assertThat(metrics.http2().open()).isEqualTo(1);
    in(ch, 9);
    assertThat(metrics.http1().bytesIn()).isEqualTo(24);
    assertThat(metrics.http2().bytesIn()).isEqualTo(9);
    assertFalse(ch.finishAndReleaseAll());
    assertThat(metrics.http2().open()).isZero();
  }
}
