package io.mcpedge.server.accesslog;

import io.mcpedge.server.exchange.Exchange;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The access-log lines of one event loop: formatted on the loop that ends each exchange, straight
 * into a buffer of the loop's own, and handed to the {@link AccessLogWriter} whole, so that a line
 * costs the loop no allocation and no enqueue of its own, and the writer thread never reads a line
 * another core wrote field by field. The buffer is handed over when it passes {@link
 * #HANDOVER_BYTES}, or by a task scheduled {@link #FLUSH_NANOS} after its first line, so that a
 * quiet proxy still writes its lines promptly and an idle one schedules nothing. Used only on its
 * loop, except by {@link #drain}.
 */
final class LoopLines implements Runnable {

  /** The size at which a buffer is handed over: some 100 lines. */
  static final int HANDOVER_BYTES = 32 * 1024;

  /**
   * How long the first line of a buffer waits on its loop at most before it is handed over: as long
   * as the writer used to sleep between looks at its queue.
   */
  static final long FLUSH_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final EventExecutor loop;
  private final AccessLogWriter writer;
  private final long flushNanos;
  private final AccessLogFormat format = new AccessLogFormat();
  private final ExchangeLine exchangeLine = new ExchangeLine();
  private LineBuffer buffer;
  private boolean flushScheduled;

  /**
   * @param flushNanos how long the first line of a buffer waits on the loop at most
   */
  LoopLines(EventExecutor loop, AccessLogWriter writer, long flushNanos) {
    this.loop = loop;
    this.writer = writer;
    this.flushNanos = flushNanos;
  }

  /** Formats the line of {@code ex}, which ended with {@code status}; on the loop. */
  void append(Exchange ex, int status, long epochMillis) {
    try {
      append(exchangeLine.of(ex, status, epochMillis));
    } finally {
      exchangeLine.clear();
    }
  }

  /** Formats {@code line}; on the loop. */
  void append(LineFields line) {
    if (buffer == null) {
      buffer = writer.buffer();
    }
    format.append(line, buffer);
    if (buffer.length() >= HANDOVER_BYTES) {
      handOver();
    } else if (!flushScheduled) {
      flushScheduled = true;
      try {
        loop.schedule(this, flushNanos, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        flushScheduled = false; // the loop is shutting down: no flush will run
        handOver();
      }
    }
  }

  /** The scheduled flush. */
  @Override
  public void run() {
    flushScheduled = false;
    handOver();
  }

  /** Hands the buffer's lines to the writer; keeps the buffer, emptied, when they were dropped. */
  void handOver() {
    LineBuffer b = buffer;
    if (b == null || b.lines() == 0) {
      return;
    }
    if (writer.offer(b)) {
      buffer = null;
    } else {
      b.clear(HANDOVER_BYTES + 4096);
    }
  }

  /**
   * Hands over what the loop holds, from another thread (when the log closes): on the loop while it
   * runs, or here once it has terminated (a scheduled flush does not run at shutdown: Netty cancels
   * scheduled tasks). Waits at most {@code timeoutMillis} for either.
   */
  void drain(long timeoutMillis) {
    if (loop.inEventLoop()) {
      handOver(); // closed from this very loop: waiting for it would never end
      return;
    }
    Future<?> done = null;
    if (!loop.isShutdown()) {
      try {
        done = loop.submit(this::handOver);
      } catch (RejectedExecutionException e) {
        // shutting down after all: below
      }
    }
    if (done != null && done.awaitUninterruptibly(timeoutMillis) && done.isSuccess()) {
      return;
    }
    loop.terminationFuture().awaitUninterruptibly(timeoutMillis);
    if (loop.isTerminated()) {
      handOver(); // the loop never runs again: its buffer is this thread's now
    }
  }
}
