package io.mcpedge.server.testsupport;

import io.mcpedge.server.time.Scheduler;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A nanosecond ticker that stands still until a test advances it, for the breakers, rate limits and
 * balancers that read the time; timers still run on the event loops' own (wall-clock) schedulers.
 * {@link ManualClock} also fires the timers when it is advanced.
 */
public final class ManualTicker implements Scheduler {

  private final AtomicLong now = new AtomicLong(1_000_000_000_000L);

  @Override
  public long getAsLong() {
    return now.get();
  }

  public void advance(Duration d) {
    now.addAndGet(d.toNanos());
  }
}
