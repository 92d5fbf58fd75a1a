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
 * Writes the access log's lines on one thread of its own, so that a slow or stuck output (a full
 * disk, a pipe nobody reads, a paused log shipper) never stalls traffic. The event loops format
 * their lines into buffers of their own ({@link LoopLines}) and hand each over whole; the writer
 * writes a buffer with one call, whole lines only, so that lines never interleave with each other
 * or with other output of the process, then puts it on a bounded free list for the loops to reuse.
 * The hand-over is a bounded lock-free queue: {@link #offer} never blocks and never waits; when the
 * queue is full the buffer's lines are dropped and counted ({@link #dropped()}), and the writer
 * says how many it dropped in its own log, at most every {@link #REPORT_EVERY_NANOS}.
 *
 * <p>A hand-over comes once per {@link LoopLines#HANDOVER_BYTES} of lines under load, or once per
 * {@link LoopLines#FLUSH_NANOS} when quiet, not once per line (waking the writer per line cost a
 * futex call and a context switch every few requests: bench/README.md). It wakes the writer only
 * when the writer is idle: while lines keep coming, the writer looks at its queue every {@link
 * #POLL_NANOS} instead and writes what has come since, so that under load it wakes at most 100
 * times a second however many buffers the loops hand over (a wake-up cost the writer more than the
 * write of a 32 KiB buffer, and the event loop a futex call). It turns idle once a look finds
 * nothing. The output is opened on the writer thread (opening a FIFO blocks until a reader comes),
 * and an output that fails is reopened for the next buffer; the lines of a failed buffer count as
 * dropped.
 */
final class AccessLogWriter implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AccessLogWriter.class);

  /**
   * Buffers waiting for the writer. Under load each holds about {@link LoopLines#HANDOVER_BYTES}
   * (some 100 lines), so the queue holds some 25,000 lines and 8 MiB at most; on a quiet proxy each
   * holds the lines of {@link LoopLines#FLUSH_NANOS}, so it lasts some seconds of a stuck output.
   */
  static final int DEFAULT_CAPACITY = 256;

  /** Emptied buffers kept for reuse: a few per event loop. */
  private static final int FREE_BUFFERS = 64;

  /** A buffer that one huge line grew past this is not kept for reuse. */
  private static final int KEEP_BYTES = 4 * LoopLines.HANDOVER_BYTES;

  static final long REPORT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

  /**
   * How long the writer sleeps between looks at its queue while lines keep coming: as long as a
   * loop keeps its first line ({@link LoopLines#FLUSH_NANOS}), so a line waits at most twice that.
   */
  static final long POLL_NANOS = LoopLines.FLUSH_NANOS;

  /** Opens the output; called on the writer thread. */
  @FunctionalInterface
  interface Output {
    OutputStream open() throws IOException;
  }

  private final Queue<LineBuffer> queue;
  private final Queue<LineBuffer> free = PlatformDependent.newFixedMpmcQueue(FREE_BUFFERS);
  private final Output output;
  private final boolean closeOutput;
  private final LongAdder dropped = new LongAdder();
  private final AtomicLong written = new AtomicLong();
  private final LongAdder wakeUps = new LongAdder();
  private final Thread thread;
  private volatile boolean closing;

  /**
   * Set by the writer before it parks with nothing to do, so that the next hand-over wakes it; the
   * writer looks at the queue again after setting it, and {@link #offer} reads it after enqueuing
   * (both volatile), so a buffer is never left waiting for a writer that sleeps on.
   */
  private volatile boolean idle;

  /**
   * @param closeOutput whether {@link #close()} closes the output (a file) or only flushes it
   *     (standard output, which the process keeps)
   * @param capacity how many buffers may wait for the writer
   */
  AccessLogWriter(Output output, boolean closeOutput, int capacity) {
    this.queue = PlatformDependent.newFixedMpscQueue(capacity);
    this.output = output;
    this.closeOutput = closeOutput;
    this.thread = new Thread(this::run, "edge-access-log");
    thread.setDaemon(true);
    thread.start();
  }

  /** An empty buffer to format lines into: one the writer gave back, or a new one. */
  LineBuffer buffer() {
    LineBuffer b = free.poll();
    return b != null ? b : new LineBuffer(LoopLines.HANDOVER_BYTES + 4096);
  }

  /**
   * Hands a buffer of whole lines to the writer, which owns it from then on; never blocks. Called
   * on the event loops.
   *
   * @return false when the queue was full and the buffer's lines were dropped (and counted): the
   *     caller keeps the buffer
   */
  boolean offer(LineBuffer lines) {
    if (!queue.offer(lines)) {
      dropped.add(lines.lines());
      return false;
    }
    if (idle) {
      wakeUps.increment();
      LockSupport.unpark(thread);
    }
    return true;
  }

  /** Lines dropped because the queue was full or the output failed. */
  long dropped() {
    return dropped.sum();
  }

  /** Whether the writer sleeps until the next hand-over wakes it (for tests). */
  boolean isIdle() {
    return idle;
  }

  /** How often a hand-over woke the writer (for tests). */
  long wakeUps() {
    return wakeUps.sum();
  }

  /** Lines written to the output. */
  long written() {
    return written.get();
  }

  private void run() {
    OutputStream out = null;
    long reportedDrops = 0;
    long lastReport = System.nanoTime();
    boolean busy = false;
    while (true) {
      LineBuffer batch = queue.poll();
      if (batch != null) {
        out = write(out, batch, batch.lines(), queue.isEmpty());
        // One huge request target must not pin its buffer forever.
        batch.clear(KEEP_BYTES);
        free.offer(batch); // or left to the collector when the free list is full
        busy = true;
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
      if (batch == null) {
        if (closing) {
          break;
        }
        if (busy) {
          busy = false;
          LockSupport.parkNanos(this, POLL_NANOS); // not woken: looks again then
        } else {
          idle = true;
          if (queue.isEmpty() && !closing) {
            LockSupport.parkNanos(this, REPORT_EVERY_NANOS);
          }
          idle = false;
        }
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
