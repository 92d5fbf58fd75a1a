package io.mcpedge.server.accesslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The hand-over to the writer thread: never blocks the caller, drops and counts when full. */
@Timeout(20)
class AccessLogWriterTest {

  /** A buffer of one line, as an event loop hands it over. */
  static LineBuffer lineOf(String target) {
    LineBuffer b = new LineBuffer(512);
    new AccessLogFormat().append(AccessLogFormatTest.line(target, 0), b);
    return b;
  }

  /** An output whose writes block until released: a stuck disk or a pipe nobody reads. */
  private static final class StuckOutput extends OutputStream {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final ByteArrayOutputStream written = new ByteArrayOutputStream();

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      entered.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      written.write(b, off, len);
    }

    synchronized String text() {
      return written.toString(StandardCharsets.UTF_8);
    }
  }

  @Test
  void aStuckOutputNeverBlocksTheCallerAndTheOverflowIsCounted() throws Exception {
    StuckOutput out = new StuckOutput();
    AccessLogWriter w = new AccessLogWriter(() -> out, true, 16);
    try {
      assertThat(w.offer(lineOf("/first"))).isTrue();
      assertThat(out.entered.await(10, TimeUnit.SECONDS)).isTrue(); // the writer is stuck now
      long start = System.nanoTime();
      int accepted = 0;
      for (int i = 0; i < 1000; i++) {
        if (w.offer(lineOf("/n" + i))) {
          accepted++;
        }
      }
      // 1,000 offers against a stuck output return at once (the queue takes 16, drops the rest).
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
      assertThat(accepted).isEqualTo(16);
      assertThat(w.dropped()).isEqualTo(1000 - 16);
      out.release.countDown();
      await().atMost(Duration.ofSeconds(10)).until(() -> w.written() == 17);
      assertThat(out.text().lines()).hasSize(17).first().asString().contains("\"/first\"");
    } finally {
      out.release.countDown();
      w.close();
    }
  }

  @Test
  void aFailingOutputCountsItsLinesAsDroppedAndIsReopened() throws Exception {
    ByteArrayOutputStream good = new ByteArrayOutputStream();
    int[] opens = {0};
    AccessLogWriter w =
        new AccessLogWriter(
            () -> {
              if (opens[0]++ == 0) {
                throw new IOException("disk full");
              }
              return good;
            },
            true,
            64);
    try {
      w.offer(lineOf("/lost"));
      await().atMost(Duration.ofSeconds(10)).until(() -> w.dropped() == 1);
      w.offer(lineOf("/kept"));
      await().atMost(Duration.ofSeconds(10)).until(() -> w.written() == 1);
      assertThat(good.toString(StandardCharsets.UTF_8)).contains("/kept").doesNotContain("/lost");
    } finally {
      w.close();
    }
  }

  @Test
  void closeWritesWhatIsQueued() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AccessLogWriter w = new AccessLogWriter(() -> out, true, 1024);
    for (int i = 0; i < 100; i++) {
      w.offer(lineOf("/q" + i));
    }
    w.close();
    assertThat(out.toString(StandardCharsets.UTF_8).lines()).hasSize(100);
    assertThat(w.dropped()).isZero();
  }

  @Test
  void aWriterBusyWithLinesIsNotWokenForEachBuffer() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AccessLogWriter w = new AccessLogWriter(() -> out, true, 2048);
    try {
      await().atMost(Duration.ofSeconds(5)).until(w::isIdle);
      for (int i = 0; i < 1000; i++) {
        assertThat(w.offer(lineOf("/n" + i))).isTrue();
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> w.written() == 1000);
      // Woken once when the first buffer came, then polling every POLL_NANOS while busy; a stall
      // of the offering thread longer than that lets the writer go idle and be woken again.
      assertThat(w.wakeUps()).isBetween(1L, 50L);
    } finally {
      w.close();
    }
  }

  @Test
  void anIdleWriterIsWokenByTheNextBufferRatherThanByItsTimeout() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AccessLogWriter w = new AccessLogWriter(() -> out, true, 16);
    try {
      for (int i = 1; i <= 5; i++) {
        long woken = w.wakeUps();
        // Idle once it has looked again and found nothing: the next buffer must wake it.
        await().atMost(Duration.ofSeconds(5)).until(w::isIdle);
        assertThat(w.offer(lineOf("/n" + i))).isTrue();
        int lines = i;
        // Far sooner than the idle writer's own timeout (REPORT_EVERY_NANOS, 10 s).
        await().atMost(Duration.ofSeconds(2)).until(() -> w.written() == lines);
        assertThat(w.wakeUps()).isEqualTo(woken + 1);
      }
    } finally {
      w.close();
    }
  }
}
