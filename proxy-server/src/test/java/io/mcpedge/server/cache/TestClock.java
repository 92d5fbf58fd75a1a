package io.mcpedge.server.cache;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/** Wall-clock time that tests move by hand, so freshness and staleness are exact. */
final class TestClock implements InstantSource {

  private final AtomicLong millis = new AtomicLong(System.currentTimeMillis());

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis.get());
  }

  @Override
  public long millis() {
    return millis.get();
  }

  void advance(Duration d) {
    millis.addAndGet(d.toMillis());
  }
}
