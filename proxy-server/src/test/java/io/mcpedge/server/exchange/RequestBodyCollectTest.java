package io.mcpedge.server.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Collecting a whole body before the exchange goes on, and who owns each buffer meanwhile. */
@Timeout(10)
class RequestBodyCollectTest {

  private static HttpContent chunk(String s) {
    return new DefaultHttpContent(Unpooled.copiedBuffer(s, StandardCharsets.UTF_8));
  }

  private static HttpContent last(String s) {
    return new DefaultLastHttpContent(Unpooled.copiedBuffer(s, StandardCharsets.UTF_8));
  }

  private static final class Told implements RequestBody.Collector {
    int complete;
    int overflow;

    @Override
    public void onComplete() {
      complete++;
    }

    @Override
    public void onOverflow() {
      overflow++;
    }
  }

  private static String read(RequestBody body) {
    ByteBuf all = body.readHeld(ByteBufAllocator.DEFAULT);
    try {
      return all.toString(StandardCharsets.UTF_8);
    } finally {
      all.release();
    }
  }

  @Test
  void aBodyInSeveralChunksIsHeldUntilItsEndThenStillReplayed() {
    EmbeddedChannel ch = new EmbeddedChannel();
    RequestBody body = new RequestBody(ch, 1024, false);
    Told told = new Told();
    body.offer(chunk("{\"a\""));
    body.collect(1024, told);
    assertThat(told.complete).isZero();
    body.batchEnd(); // asks the client for more
    body.offer(chunk(":"));
    body.offer(last("1}"));
    assertThat(told.complete).isEqualTo(1);
    assertThat(read(body)).isEqualTo("{\"a\":1}");
    assertThat(body.isReplayable()).isTrue();
    StringBuilder sent = new StringBuilder();
    body.subscribe(
        new RequestBody.Subscriber() {
          @Override
          public void onChunk(HttpContent c) {
            sent.append(c.content().toString(StandardCharsets.UTF_8));
            c.release();
          }

          @Override
          public void onBatchEnd() {}
        });
    assertThat(sent).hasToString("{\"a\":1}");
    body.release();
    assertFalse(ch.finishAndReleaseAll());
  }

  @Test
  void aBodyThatHasArrivedIsReportedAtOnce() {
    EmbeddedChannel ch = new EmbeddedChannel();
    RequestBody body = new RequestBody(ch, 1024, false);
    body.offer(last("{}"));
    Told told = new Told();
    body.collect(1024, told);
    assertThat(told.complete).isEqualTo(1);
    assertThat(read(body)).isEqualTo("{}");
    body.release();
    assertFalse(ch.finishAndReleaseAll());
  }

  @Test
  void aBodyOverTheLimitIsReleasedAndReportedOnce() {
    EmbeddedChannel ch = new EmbeddedChannel();
    RequestBody body = new RequestBody(ch, 1024, false);
    Told told = new Told();
    body.collect(4, told);
    HttpContent first = chunk("abc");
    HttpContent second = chunk("def");
    body.offer(first);
    body.offer(second);
    HttpContent late = last("g");
    body.offer(late);
    assertThat(told.overflow).isEqualTo(1);
    assertThat(told.complete).isZero();
    assertThat(first.refCnt()).isZero();
    assertThat(second.refCnt()).isZero();
    assertThat(late.refCnt()).isZero();
    assertFalse(ch.finishAndReleaseAll());
  }
}
