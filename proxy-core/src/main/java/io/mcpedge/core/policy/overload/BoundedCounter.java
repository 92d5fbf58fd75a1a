package io.mcpedge.core.policy.overload;

import io.mcpedge.core.policy.Checks;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A count of held permits that never exceeds its limit and never drops below zero, shared by all
 * event loops. It exists so that each of the overload thresholds is one lock-free object rather
 * than three copies of the same compare-and-set loop.
 */
public final class BoundedCounter {

  private final int limit;
  private final AtomicInteger held = new AtomicInteger();
  private final LongAdder rejections = new LongAdder();

  /**
   * @param name the config field, for the error message
   * @param limit most permits held at once, > 0
   */
  public BoundedCounter(String name, int limit) {
    this.limit = (int) Checks.positive(name, limit);
  }

  /** Takes a permit if one is free; the caller must {@link #release()} it exactly once. */
  public boolean tryAcquire() {
    while (true) {
      int current = held.get();
      if (current >= limit) {
        rejections.increment();
        return false;
      }
      if (held.compareAndSet(current, current + 1)) {
        return true;
      }
    }
  }

  /**
   * Returns a permit.
   *
   * @return {@code false} when no permit was held: a caller bug, reported instead of letting the
   *     count go negative and silently raise the effective limit
   */
  public boolean release() {
    while (true) {
      int current = held.get();
      if (current <= 0) {
        return false;
      }
      if (held.compareAndSet(current, current - 1)) {
        return true;
      }
    }
  }

  public int held() {
    return held.get();
  }

  public int limit() {
    return limit;
  }

  /** Acquisitions refused since creation. */
  public long rejections() {
    return rejections.sum();
  }
}
