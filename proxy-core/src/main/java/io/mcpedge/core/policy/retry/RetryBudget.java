package io.mcpedge.core.policy.retry;

import io.mcpedge.core.config.RetryConfig;
import io.mcpedge.core.policy.Checks;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Caps retries in flight at a share of the requests in flight, as Envoy's retry budget does, so
 * that during an outage retries add a bounded amount of load instead of multiplying it by {@code
 * numRetries + 1}.
 *
 * <p>The cap is {@code max(minRetryConcurrency, activeRequests * budgetPercent / 100)}. Active
 * requests are the client requests being served (each counted once, however many attempts it
 * makes), so a retry never enlarges its own budget. One instance per upstream, shared by all event
 * loops; lock-free.
 */
public final class RetryBudget {

  private final int budgetPercent;
  private final int minRetryConcurrency;
  private final AtomicInteger activeRequests = new AtomicInteger();
  private final AtomicInteger activeRetries = new AtomicInteger();
  private final LongAdder rejections = new LongAdder();

  public RetryBudget(RetryConfig config) {
    this(Checks.present("retry", config).budgetPercent(), config.minRetryConcurrency());
  }

  /**
   * @param budgetPercent 0..100
   * @param minRetryConcurrency retries allowed in flight whatever the budget says, >= 0
   */
  public RetryBudget(int budgetPercent, int minRetryConcurrency) {
    this.budgetPercent = Checks.inRange("budgetPercent", budgetPercent, 0, 100);
    this.minRetryConcurrency = (int) Checks.nonNegative("minRetryConcurrency", minRetryConcurrency);
  }

  /** A client request started; pair with {@link #onRequestEnd()}. */
  public void onRequestStart() {
    activeRequests.incrementAndGet();
  }

  /** A client request ended; returns {@code false} (and changes nothing) if none was active. */
  public boolean onRequestEnd() {
    return decrementIfPositive(activeRequests);
  }

  /** Takes room for one retry attempt if the budget has it; pair with {@link #releaseRetry()}. */
  public boolean tryAcquireRetry() {
    while (true) {
      int retries = activeRetries.get();
      if (retries >= limit()) {
        rejections.increment();
        return false;
      }
      if (activeRetries.compareAndSet(retries, retries + 1)) {
        return true;
      }
    }
  }

  /** The retry attempt ended; returns {@code false} (and changes nothing) if none was active. */
  public boolean releaseRetry() {
    return decrementIfPositive(activeRetries);
  }

  private int limit() {
    long share = (long) activeRequests.get() * budgetPercent / 100;
    return (int) Math.max(minRetryConcurrency, share);
  }

  private static boolean decrementIfPositive(AtomicInteger counter) {
    while (true) {
      int current = counter.get();
      if (current <= 0) {
        return false;
      }
      if (counter.compareAndSet(current, current - 1)) {
        return true;
      }
    }
  }

  public int activeRequests() {
    return activeRequests.get();
  }

  public int activeRetries() {
    return activeRetries.get();
  }

  /** Retries refused by the budget since creation, for the rejection metric. */
  public long rejections() {
    return rejections.sum();
  }
}
