package io.mcpedge.server.time;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The data plane's one clock: the injected nanosecond ticker ({@link #getAsLong()}) and the timers
 * that run by it, for every timer of an exchange, a connection and a pool (deadlines, retry backoff
 * and per-try timeouts, the coalescing follower's wait, SSE keep-alives, the client header timeout,
 * the pools' idle sweeps). As Caffeine's {@code Ticker}: production reads {@link System#nanoTime()}
 * and lets each event loop's own scheduler fire the timers; a test injects a clock that it moves by
 * hand, and whose {@link #schedule} fires a timer when the test moves the clock past it, so timing
 * tests do not wait on the wall.
 *
 * <p>Any {@code LongSupplier}-shaped lambda is a scheduler whose timers run on the event loop's
 * scheduler, which is how production and the {@code EmbeddedChannel} tests (whose event loop has a
 * time of its own) use it: nothing is allocated beyond the event loop's own scheduled task.
 */
@FunctionalInterface
public interface Scheduler extends LongSupplier {

  /** The process's monotonic clock, with timers on the event loops' schedulers. */
  static Scheduler system() {
    return System::nanoTime;
  }

  /** Now, in nanoseconds of this clock (only differences mean anything). */
  @Override
  long getAsLong();

  /**
   * Runs {@code task} on {@code loop} once {@code delayNanos} of this clock have passed (at once
   * when it is not positive). The returned future cancels the timer; it is the event loop's own
   * scheduled future in production.
   */
  default Future<?> schedule(EventExecutor loop, Runnable task, long delayNanos) {
    return loop.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
  }
}
