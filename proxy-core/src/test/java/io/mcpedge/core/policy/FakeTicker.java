package io.mcpedge.core.policy;

import java.time.Duration;
import java.util.function.LongSupplier;

/** A nanosecond ticker that moves only when a test says so. */
public final class FakeTicker implements LongSupplier {

  private long nanos;

  public FakeTicker() {
    this(7_000_000_000_123L);
  }

  public FakeTicker(long startNanos) {
    this.nanos = startNanos;
  }

  @Override
  public long getAsLong() {
    return nanos;
  }

  public void advance(Duration duration) {
    nanos += duration.toNanos();
  }

  public void advanceNanos(long delta) {
    nanos += delta;
  }
}
