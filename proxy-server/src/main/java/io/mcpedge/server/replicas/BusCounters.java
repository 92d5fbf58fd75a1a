package io.mcpedge.server.replicas;

import java.util.concurrent.atomic.LongAdder;

/** What an {@link InvalidationBus} did since it started, for metrics and tests. */
public final class BusCounters {

  final LongAdder published = new LongAdder();
  final LongAdder publishFailures = new LongAdder();
  final LongAdder received = new LongAdder();
  final LongAdder own = new LongAdder();
  final LongAdder malformed = new LongAdder();
  final LongAdder resyncs = new LongAdder();

  /** Local events Redis accepted. */
  public long published() {
    return published.sum();
  }

  /** Local events that could not be published (Redis down or slow): other replicas missed them. */
  public long publishFailures() {
    return publishFailures.sum();
  }

  /** Other replicas' events received and applied. */
  public long received() {
    return received.sum();
  }

  /** This replica's own events coming back on the channel, skipped. */
  public long own() {
    return own.sum();
  }

  /** Messages on the channel that were not invalidations of this version, skipped. */
  public long malformed() {
    return malformed.sum();
  }

  /** Times the cache was dropped because invalidations may have been missed. */
  public long resyncs() {
    return resyncs.sum();
  }
}
