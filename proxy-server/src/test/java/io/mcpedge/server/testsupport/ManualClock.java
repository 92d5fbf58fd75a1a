package io.mcpedge.server.testsupport;

import static org.awaitility.Awaitility.await;

import io.mcpedge.server.time.Scheduler;
import io.netty.util.concurrent.DefaultPromise;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;

/**
 * The proxy's clock under a test's hand: time stands still, and every timer of the proxy (request
 * and idle deadlines, backoff, per-try timeouts, keep-alives, the header timeout, pool sweeps)
 * fires only when {@link #advance} moves the clock past it, on its own event loop, in deadline
 * order. {@code advance} returns once the timers it fired have run, so a test asserts right after
 * it; a timer that a fired one arms, and that is due too, fires in the same call. A timer whose
 * delay is not positive runs at once, as on an event loop.
 */
public final class ManualClock implements Scheduler {

  private static final long RUN_TIMEOUT_SECONDS = 10;

  private final PriorityQueue<Timer> timers = new PriorityQueue<>();
  private long now = 1_000_000_000_000L;
  private long sequence;

  @Override
  public synchronized long getAsLong() {
    return now;
  }

  @Override
  public Future<?> schedule(EventExecutor loop, Runnable task, long delayNanos) {
    if (delayNanos <= 0) {
      return loop.schedule(task, 0, TimeUnit.NANOSECONDS);
    }
    synchronized (this) {
      Timer t = new Timer(loop, task, now, delayNanos, sequence++);
      timers.add(t);
      return t;
    }
  }

  /** The timers not yet fired nor cancelled. */
  public synchronized int pending() {
    return (int) timers.stream().filter(t -> !t.isCancelled()).count();
  }

  /** Whether a timer armed with {@code delay} is pending (neither fired nor cancelled). */
  public synchronized boolean hasPending(Duration delay) {
    long nanos = delay.toNanos();
    return timers.stream().anyMatch(t -> !t.isCancelled() && t.delay == nanos);
  }

  /**
   * Waits until the proxy has armed a timer of {@code delay} (a per-try timeout, a keep-alive), so
   * that the test knows the proxy reached that point before it moves the clock.
   */
  public void awaitPending(Duration delay) {
    await().atMost(Duration.ofSeconds(10)).until(() -> hasPending(delay));
  }

  /**
   * Moves the clock by {@code d} and runs every timer that falls due, each on its event loop, in
   * deadline order; returns when they have run. Not to be called on an event loop.
   */
  public void advance(Duration d) throws Exception {
    long target;
    synchronized (this) {
      target = now + d.toNanos();
    }
    while (true) {
      Timer next;
      synchronized (this) {
        next = timers.peek();
        if (next == null || next.deadline - target > 0) {
          now = target;
          return;
        }
        timers.poll();
        now = Math.max(now, next.deadline);
      }
      if (!next.isCancelled()) {
        next.loop.submit(next::fire).get(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      }
    }
  }

  /** A timer: a promise that its task ran, which cancelling withdraws. */
  private static final class Timer extends DefaultPromise<Void> implements Comparable<Timer> {
    final EventExecutor loop;
    final Runnable task;
    final long delay;
    final long deadline;
    final long sequence;

    Timer(EventExecutor loop, Runnable task, long now, long delay, long sequence) {
      super(loop);
      this.loop = loop;
      this.task = task;
      this.delay = delay;
      this.deadline = now + delay;
      this.sequence = sequence;
    }

    void fire() {
      if (setUncancellable()) {
        task.run();
        trySuccess(null);
      }
    }

    @Override
    public int compareTo(Timer o) {
      int c = Long.compare(deadline, o.deadline);
      return c != 0 ? c : Long.compare(sequence, o.sequence);
    }
  }
}
