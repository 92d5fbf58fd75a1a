package io.mcpedge.server.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Replayable versus streaming request bodies, and who owns each buffer. */
class RequestBodyTest {

  private static HttpContent chunk(String s) {
    return new DefaultHttpContent(Unpooled.copiedBuffer(s, StandardCharsets.UTF_8));
  }

  private static HttpContent last(String s) {
    return new DefaultLastHttpContent(Unpooled.copiedBuffer(s, StandardCharsets.UTF_8));
  }

  /** Collects what it is given and releases it, as an upstream write would. */
  private static final class Collect implements RequestBody.Subscriber {
    final StringBuilder got = new StringBuilder();
    int batches;

    @Override
    public void onChunk(HttpContent c) {
      got.append(c.content().toString(StandardCharsets.UTF_8));
      c.release();
    }

    @Override
    public void onBatchEnd() {
      batches++;
    }
  }

  @Test
  void aSmallCompleteBodyIsReplayableToEverySubscriber() {
    EmbeddedChannel ch = new EmbeddedChannel();
    RequestBody body = new RequestBody(ch, 1024, false);
    body.offer(chunk("he"));
    body.offer(last("llo"));
    assertThat(body.isReplayable()).isTrue();
    for (int attempt = 0; attempt < 3; attempt++) {
      Collect c = new Collect();
      body.subscribe(c);
      body.unsubscribe(c);
      assertThat(c.got).hasToString("hello");
    }
    body.release();
    assertFalse(ch.finishAndReleaseAll());
  }

  @Test
  void aBodyOverTheLimitStreamsOnceAndCannotBeReplayed() {
    EmbeddedChannel ch = new EmbeddedChannel();
    RequestBody body = new RequestBody(ch, 3, false);
    body.offer(chunk("hello"));
    assertThat(body.isReplayable()).isFalse();
    Collect c = new Collect();
    body.subscribe(c);
    body.offer(last(" world"));
    assertThat(c.got).hasToString("hello world");
    assertThatThrownBy(() -> body.subscribe(new Collect()))
        .isInstanceOf(IllegalStateException.class);
    body.release();
    assertFalse(ch.finishAndReleaseAll());
  }

  @Test
  void anIncompleteBodyIsNotReplayableAndLateChunksAfterAbortAreReleased() {
    EmbeddedChannel ch = new EmbeddedChannel();
    RequestBody body = new RequestBody(ch, 1024, false);
    body.offer(chunk("a"));
    assertThat(body.isReplayable()).isFalse();
    Collect c = new Collect();
    body.subscribe(c);
    body.unsubscribe(c); // the attempt failed mid-body
    HttpContent late = last("b");
    body.offer(late);
    assertThat(late.refCnt()).isZero();
    assertThat(c.got).hasToString("a");
    body.release();
    assertFalse(ch.finishAndReleaseAll());
  }

  @Test
  void chunksHeldBeforeTheSubscriberArriveInOrderWhetherReplayedOrStreamed() {
    EmbeddedChannel ch = new EmbeddedChannel();
    RequestBody small = new RequestBody(ch, 1024, false);
    RequestBody large = new RequestBody(ch, 4, false);
    for (RequestBody body : List.of(small, large)) {
      body.offer(chunk("ab"));
      body.offer(chunk("cd"));
      body.offer(chunk("ef"));
      body.offer(last("g"));
    }
    for (int attempt = 0; attempt < 2; attempt++) {
      Collect replayed = new Collect();
      small.subscribe(replayed);
      small.unsubscribe(replayed);
      assertThat(replayed.got).hasToString("abcdefg");
    }
    Collect streamed = new Collect();
    large.subscribe(streamed);
    assertThat(streamed.got).hasToString("abcdefg");
    small.release();
    large.release();
    assertFalse(ch.finishAndReleaseAll());
  }

  @Test
  void anEmptyBodyIsCompleteFromTheStart() {
    EmbeddedChannel ch = new EmbeddedChannel();
    RequestBody body = new RequestBody(ch, 0, true);
    assertThat(body.isEmpty()).isTrue();
    assertThat(body.isComplete()).isTrue();
    List<String> none = new ArrayList<>();
    assertThat(none).isEmpty();
    body.release();
    assertFalse(ch.finishAndReleaseAll());
  }

  /** routes[].maxRequestBody on a body without a declared length: counted as it arrives. */
  @Test
  void aBodyOverItsLimitIsDroppedAndReportedOnce() {
    EmbeddedChannel ch = new EmbeddedChannel();
    RequestBody body = new RequestBody(ch, 1024, false);
    int[] overflows = {0};
    body.limit(5, () -> overflows[0]++);
    Collect c = new Collect();
    body.subscribe(c);
    body.offer(chunk("abc"));
    body.offer(chunk("de"));
    assertThat(overflows[0]).isZero();
    body.offer(chunk("f"));
    body.offer(last("gh"));
    assertThat(overflows[0]).isEqualTo(1);
    assertThat(c.got).hasToString("abcde"); // nothing of the chunk that went over, nor after it
    body.release();
    assertFalse(ch.finishAndReleaseAll());
  }

  @Test
  void aHeldBodyOverItsLimitIsReleased() {
    EmbeddedChannel ch = new EmbeddedChannel();
    RequestBody body = new RequestBody(ch, 1024, false);
    int[] overflows = {0};
    body.limit(3, () -> overflows[0]++);
    HttpContent held = chunk("ab");
    body.offer(held);
    body.offer(chunk("cd"));
    assertThat(overflows[0]).isEqualTo(1);
    assertThat(held.refCnt()).isZero();
    assertFalse(ch.finishAndReleaseAll());
  }
}
