package io.mcpedge.server.accesslog;

import io.netty.util.internal.PlatformDependent;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes access-log lines from the event loops and writes them on one thread of its own, so that a
 * slow or stuck output (a full disk, a pipe nobody reads, a paused log shipper) never stalls
 * traffic. The hand-over is a bounded lock-free queue: {@link #offer} never blocks and never waits;
 * when the queue is full the line is dropped and counted ({@link #dropped()}), and the writer says
 * how many it dropped in its own log, at most every {@link #REPORT_EVERY_NANOS}.
 *
 * <p>The writer formats a batch of lines into bytes and writes it with one call, whole lines only,
 * so that lines never interleave with other output of the process; it flushes when the queue runs
 * empty. It is never woken by the event loops: it wakes every {@link #POLL_NANOS} and takes what
 * has arrived. Waking it for each line that finds it idle cost a futex call and a context switch
 * every few requests, which on a busy proxy was most of the access log's price (measured in
 * bench/README.md); a line now waits at most that long before it is written. The output is opened
 * on the writer thread (opening a FIFO blocks until a reader comes), and an output that fails is
 * reopened for the next batch; the lines of a failed batch count as dropped.
 */
final class AccessLogWriter implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AccessLogWriter.class);

  /** Lines waiting for the writer: a few seconds of traffic at tens of thousands a second. */
  static final int DEFAULT_CAPACITY = 64 * 1024;

  /** The bytes formatted before one write. */
  private static final int BATCH_BYTES = 64 * 1024;

  static final long REPORT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

  /** How long the idle writer sleeps before it looks at the queue again. */
  static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  /** Opens the output; called on the writer thread. */
  @FunctionalInterface
  interface Output {
    OutputStream open() throws IOException;
  }

  private final Queue<AccessLogLine> queue;
  private final Output output;
  private final boolean closeOutput;
  private final LongAdder dropped = new LongAdder();
  private final AtomicLong written = new AtomicLong();
  private final Thread thread;
  private volatile boolean closing;

  /**
   * @param closeOutput whether {@link #close()} closes the output (a file) or only flushes it
   *     (standard output, which the process keeps)
   */
  AccessLogWriter(Output output, boolean closeOutput, int capacity) {
    this.queue = PlatformDependent.newFixedMpscQueue(capacity);
    this.output = output;
    this.closeOutput = closeOutput;
    this.thread = new Thread(this::run, "edge-access-log");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Hands a line to the writer; never blocks. Called on the event loops.
   *
   * @return false when the queue was full and the line was dropped (and counted)
   */
  boolean offer(AccessLogLine line) {
    if (!queue.offer(line)) {
      dropped.increment();
      return false;
    }
    return true;
  }

  /** Lines dropped because the queue was full or the output failed. */
  long dropped() {
    return dropped.sum();
  }

  /** Lines written to the output. */
  long written() {
    return written.get();
  }

  private void run() {
    AccessLogFormat format = new AccessLogFormat();
    LineBuffer batch = new LineBuffer(BATCH_BYTES + 1024);
    OutputStream out = null;
    long reportedDrops = 0;
    long lastReport = System.nanoTime();
    while (true) {
      int lines = 0;
      AccessLogLine line;
      while (batch.length() < BATCH_BYTES && (line = queue.poll()) != null) {
        format.append(line, batch);
        lines++;
      }
      if (lines > 0) {
        out = write(out, batch, lines, queue.isEmpty());
        // One huge request target must not pin its buffer forever.
        batch.clear(4 * BATCH_BYTES);
      }
      long now = System.nanoTime();
      if (now - lastReport >= REPORT_EVERY_NANOS) {
        long d = dropped.sum();
        if (d > reportedDrops) {
          log.warn(
              "access log: {} lines dropped in the last {}s (the output is slower than the"
                  + " traffic; {} dropped since start)",
              d - reportedDrops,
              TimeUnit.NANOSECONDS.toSeconds(now - lastReport),
              d);
        }
        reportedDrops = d;
        lastReport = now;
      }
      if (lines == 0) {
        if (closing) {
          break;
        }
        LockSupport.parkNanos(this, POLL_NANOS);
      }
    }
    finish(out);
  }

  /** Writes a batch of whole lines; returns the output to use next ({@code null} after failing). */
  private OutputStream write(OutputStream out, LineBuffer batch, int lines, boolean flush) {
    try {
      if (out == null) {
        out = output.open();
      }
      batch.writeTo(out);
      if (flush) {
        out.flush();
      }
      written.addAndGet(lines);
      return out;
    } catch (IOException | RuntimeException e) {
      dropped.add(lines);
      log.warn("access log: cannot write ({}); {} lines dropped", e.toString(), lines);
      if (out != null && closeOutput) {
        try {
          out.close();
        } catch (IOException ignored) {
          // already failing: the warning above says so
        }
      }
      return null;
    }
  }

  private void finish(OutputStream out) {
    if (out == null) {
      return;
    }
    try {
      if (closeOutput) {
        out.close();
      } else {
        out.flush();
      }
    } catch (IOException e) {
      log.warn("access log: cannot close ({})", e.toString());
    }
  }

  /**
   * Writes what is queued, then stops the writer; waits at most {@code timeoutMillis} for it (an
   * output stuck in a write cannot be interrupted: the daemon thread is then left behind).
   */
  void close(long timeoutMillis) {
    closing = true;
    LockSupport.unpark(thread);
    try {
      thread.join(timeoutMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    close(2000);
  }
}
