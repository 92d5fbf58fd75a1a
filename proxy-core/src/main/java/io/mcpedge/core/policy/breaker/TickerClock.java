package io.mcpedge.core.policy.breaker;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;

/**
 * A {@link Clock} over a nanosecond ticker, because Resilience4j measures its open-state wait with
 * a {@code Clock} while the rest of the proxy injects a monotonic ticker. The instants are only
 * compared with each other, so the epoch they appear to start from does not matter.
 */
final class TickerClock extends Clock {

  private final LongSupplier nanoTicker;

  TickerClock(LongSupplier nanoTicker) {
    this.nanoTicker = nanoTicker;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    long nanos = nanoTicker.getAsLong();
    return Instant.ofEpochSecond(
        Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }

  @Override
  public long millis() {
    return Math.floorDiv(nanoTicker.getAsLong(), 1_000_000L);
  }
}
