package io.mcpedge.server.testsupport;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** A nanosecond ticker that stands still until a test advances it. */
public final class ManualTicker implements LongSupplier {

  private final AtomicLong now = new AtomicLong(1_000_000_000_000L);

  @Override
  public long getAsLong() {
    return now.get();
  }

  public void advance(Duration d) {
    now.addAndGet(d.toNanos());
  }
}
