package io.mcpedge.cache;

import java.time.Instant;
import java.time.InstantSource;

/** A clock that only moves when a test moves it. */
final class FakeClock implements InstantSource {

  static final long START = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

  private long millis = START;

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis);
  }

  @Override
  public long millis() {
    return millis;
  }

  void advanceSeconds(long seconds) {
    millis += seconds * 1000L;
  }

  void advanceMillis(long ms) {
    millis += ms;
  }
}
