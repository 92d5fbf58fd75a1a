package io.mcpedge.server.accesslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Lines formatted on the event loops into buffers of their own and handed over whole: every line
 * comes out whole from any number of loops, a quiet loop's line comes out on its own, closing
 * writes what the loops hold, and a full hand-over counts what it drops.
 */
@Timeout(30)
class AccessLogLoopTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long NEVER = TimeUnit.HOURS.toNanos(1);

  private final EventLoopGroup loops = new DefaultEventLoopGroup(3);
  private final List<AccessLogWriter> writers = new ArrayList<>();

  @AfterEach
  void stop() {
    loops.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    writers.forEach(w -> w.close(100));
  }

  /** An output that keeps what it is given; written to by the writer thread, read by the test. */
  private static final class Collected extends ByteArrayOutputStream {
    synchronized String text() {
      return toString(StandardCharsets.UTF_8);
    }
  }

  private AccessLog log(OutputStream out, int capacity, long flushNanos) {
    AccessLogWriter w = new AccessLogWriter(() -> out, true, capacity);
    writers.add(w);
    return new AccessLog(w, 1, InstantSource.system(), new Random(1), flushNanos);
  }

  /** Logs {@code n} lines on {@code loop}, from the loop, and waits until it has. */
  private static void logOn(EventExecutor loop, AccessLog log, String prefix, int n, int pad) {
    String padding = "p".repeat(pad);
    loop.submit(
            () -> {
              for (int i = 0; i < n; i++) {
                log.append(loop, AccessLogFormatTest.line(prefix + i + "/" + padding, 0));
              }
            })
        .syncUninterruptibly();
  }

  private static List<String> targets(String text) throws Exception {
    List<String> out = new ArrayList<>();
    for (String line : text.lines().toList()) {
      JsonNode n = JSON.readTree(line); // fails on a line cut short or two run together
      out.add(n.get("path").asText());
    }
    return out;
  }

  @Test
  void linesFromSeveralLoopsAreAllWrittenWhole() throws Exception {
    Collected out = new Collected();
    AccessLog log = log(out, AccessLogWriter.DEFAULT_CAPACITY, LoopLines.FLUSH_NANOS);
    List<Thread> drivers = new ArrayList<>();
    int perLoop = 3000;
    int l = 0;
    for (EventExecutor loop : loops) {
      String prefix = "/loop" + l++ + "/";
      // Lines of several sizes, so that buffers are handed over by size and by the flush.
      Thread t = new Thread(() -> logOn(loop, log, prefix, perLoop, 1 + prefix.length() * 37));
      drivers.add(t);
      t.start();
    }
    for (Thread t : drivers) {
      t.join(20_000);
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> log.written() == 3L * perLoop);
    List<String> targets = targets(out.text());
    Set<String> distinct = new HashSet<>(targets);
    assertThat(targets).hasSize(3 * perLoop);
    assertThat(distinct).hasSize(3 * perLoop);
    assertThat(log.dropped()).isZero();
  }

  @Test
  void aQuietLoopWritesItsLineWithoutFurtherTraffic() {
    Collected out = new Collected();
    AccessLog log = log(out, AccessLogWriter.DEFAULT_CAPACITY, LoopLines.FLUSH_NANOS);
    logOn(loops.next(), log, "/alone/", 1, 0);
    await().atMost(Duration.ofSeconds(5)).until(() -> out.text().contains("/alone/0/"));
    assertThat(log.written()).isEqualTo(1);
  }

  @Test
  void closeWritesWhatTheLoopsHoldAfterTheyStopped() throws Exception {
    Collected out = new Collected();
    AccessLog log = log(out, AccessLogWriter.DEFAULT_CAPACITY, NEVER); // no flush ever runs
    int l = 0;
    for (EventExecutor loop : loops) {
      logOn(loop, log, "/held" + l++ + "/", 10, 0);
    }
    // As EdgeServer closes: the loops stop first (their scheduled flushes are cancelled), then
    // the log closes.
    loops.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    assertThat(log.written()).isZero();
    log.close();
    assertThat(targets(out.text())).hasSize(30);
    assertThat(log.written()).isEqualTo(30);
  }

  @Test
  void closeWritesWhatRunningLoopsHold() throws Exception {
    Collected out = new Collected();
    AccessLog log = log(out, AccessLogWriter.DEFAULT_CAPACITY, NEVER);
    logOn(loops.next(), log, "/running/", 7, 0);
    log.close();
    assertThat(targets(out.text())).hasSize(7);
  }

  @Test
  void aLineEndedOffTheLoopIsWrittenToo() throws Exception {
    Collected out = new Collected();
    AccessLog log = log(out, AccessLogWriter.DEFAULT_CAPACITY, NEVER);
    log.append(loops.next(), AccessLogFormatTest.line("/off-loop", 0)); // from this thread
    await().atMost(Duration.ofSeconds(5)).until(() -> log.written() == 1);
    assertThat(targets(out.text())).containsExactly("/off-loop");
  }

  /** An output whose writes block until released. */
  private static final class StuckOutput extends OutputStream {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      entered.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Test
  void aFullHandOverCountsTheLinesItDrops() throws Exception {
    StuckOutput out = new StuckOutput();
    AccessLog log = log(out, 1, LoopLines.FLUSH_NANOS);
    EventExecutor loop = loops.next();
    try {
      logOn(loop, log, "/first/", 1, 0);
      assertThat(out.entered.await(10, TimeUnit.SECONDS)).isTrue(); // the writer is stuck now
      // 1,000 lines of 1 KB: some 30 buffers handed over by size, into a queue of one.
      logOn(loop, log, "/n/", 1000, 1000);
      assertThat(log.dropped()).isPositive();
    } finally {
      out.release.countDown();
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> log.written() + log.dropped() == 1001);
  }
}
