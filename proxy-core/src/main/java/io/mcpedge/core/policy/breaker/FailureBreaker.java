package io.mcpedge.core.policy.breaker;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowSynchronizationStrategy;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.mcpedge.core.config.FailureBreakerConfig;
import io.mcpedge.core.policy.Checks;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The failure-rate circuit breaker of one upstream (or one endpoint): it stops sending traffic to
 * an origin that is failing, so that clients get a fast {@code 503} with {@code Retry-After}
 * instead of waiting on timeouts, and the origin gets room to recover.
 *
 * <p>Built on Resilience4j's count-based state machine, which accepts an injected {@link
 * java.time.Clock} and whose {@code tryAcquirePermission()} never blocks. Two behaviours are set on
 * top of it:
 *
 * <ul>
 *   <li>A single failed probe re-opens a half-open breaker (Resilience4j would wait for all probes
 *       and compare their failure rate with the threshold), so a still-broken origin gets at most
 *       one failed probe per {@code openFor}. The breaker closes once {@code min(halfOpenProbes,
 *       minimumCalls)} probes have succeeded, which is every probe whenever {@code minimumCalls} is
 *       at least {@code halfOpenProbes} (the usual shape).
 *   <li>Slow calls are never counted as failures: a Server-Sent Events stream may last an hour by
 *       design. Timeouts are reported by the caller as failures instead.
 * </ul>
 *
 * <p>Callers report the outcome when the response head arrives (or the attempt fails), not when a
 * stream ends. Every granted permission must be followed by exactly one of {@link
 * #onSuccess(long)}, {@link #onFailure(long)} or {@link #onCancelled()}; otherwise a half-open
 * breaker waits for the missing probe forever.
 */
public final class FailureBreaker {

  /** Resilience4j records failures as throwables; one stackless instance serves every call. */
  private static final Throwable FAILURE = new UpstreamFailure();

  private final CircuitBreaker breaker;
  private final LongSupplier nanoTicker;
  private final long openForNanos;
  private final LongAdder rejections = new LongAdder();

  /** Transitions into each {@link BreakerState}, indexed by its ordinal, for metrics. */
  private final LongAdder[] transitions = {new LongAdder(), new LongAdder(), new LongAdder()};

  private volatile long openedAtNanos;

  /**
   * @param name the upstream (or endpoint) name, for Resilience4j's diagnostics
   * @param config thresholds; validated here
   * @param nanoTicker monotonic time in nanoseconds ({@code System::nanoTime} in production)
   */
  public FailureBreaker(String name, FailureBreakerConfig config, LongSupplier nanoTicker) {
    Checks.present("failure", config);
    this.nanoTicker = Checks.present("nanoTicker", nanoTicker);
    Checks.inRange("failureRatePercent", config.failureRatePercent(), 1, 100);
    Checks.positive("slidingWindow", config.slidingWindow());
    Checks.inRange("minimumCalls", config.minimumCalls(), 1, config.slidingWindow());
    Checks.positive("halfOpenProbes", config.halfOpenProbes());
    Duration openFor = Checks.positive("openFor", config.openFor());
    if (openFor.toMillis() < 1) {
      throw new IllegalArgumentException("openFor: " + openFor + " (expected: at least 1ms)");
    }
    this.openForNanos = openFor.toNanos();
    CircuitBreakerConfig r4j =
        CircuitBreakerConfig.custom()
            .slidingWindow(
                config.slidingWindow(),
                config.minimumCalls(),
                SlidingWindowType.COUNT_BASED,
                SlidingWindowSynchronizationStrategy.LOCK_FREE)
            .failureRateThreshold(config.failureRatePercent())
            .slowCallRateThreshold(100)
            .slowCallDurationThreshold(Duration.ofNanos(Long.MAX_VALUE))
            .waitDurationInOpenState(openFor)
            .permittedNumberOfCallsInHalfOpenState(config.halfOpenProbes())
            .automaticTransitionFromOpenToHalfOpenEnabled(false)
            .clock(new TickerClock(nanoTicker))
            .build();
    this.breaker = CircuitBreaker.of(name, r4j);
    this.openedAtNanos = nanoTicker.getAsLong();
  }

  /**
   * Asks to send one attempt. An open breaker whose {@code openFor} has passed half-opens here and
   * grants one of its probes.
   */
  public boolean tryAcquirePermission() {
    State before = breaker.getState();
    if (breaker.tryAcquirePermission()) {
      if (before == State.OPEN) {
        counted(before);
      }
      return true;
    }
    rejections.increment();
    return false;
  }

  /** The attempt got a response that is not a failure. */
  public void onSuccess(long durationNanos) {
    State before = breaker.getState();
    breaker.onSuccess(durationNanos, TimeUnit.NANOSECONDS);
    if (before == State.HALF_OPEN) {
      counted(before);
    }
  }

  /** The attempt failed: a 5xx answer, a reset, a connect failure or a timeout. */
  public void onFailure(long durationNanos) {
    State before = breaker.getState();
    breaker.onError(durationNanos, TimeUnit.NANOSECONDS, FAILURE);
    if (before == State.HALF_OPEN && breaker.getState() == State.HALF_OPEN) {
      breaker.transitionToOpenState();
    }
    if (before != State.OPEN && breaker.getState() == State.OPEN) {
      openedAtNanos = nanoTicker.getAsLong();
      transitions[BreakerState.OPEN.ordinal()].increment();
    }
  }

  /** Counts the transition out of {@code before}, if the breaker has left it. */
  private void counted(State before) {
    State after = breaker.getState();
    if (after != before) {
      transitions[toBreakerState(after).ordinal()].increment();
    }
  }

  /** The attempt was abandoned (client went away) before an outcome: it counts for nothing. */
  public void onCancelled() {
    breaker.releasePermission();
  }

  public BreakerState state() {
    return toBreakerState(breaker.getState());
  }

  private static BreakerState toBreakerState(State state) {
    return switch (state) {
      case CLOSED, DISABLED, METRICS_ONLY -> BreakerState.CLOSED;
      case HALF_OPEN -> BreakerState.HALF_OPEN;
      case OPEN, FORCED_OPEN -> BreakerState.OPEN;
    };
  }

  /**
   * Whether the breaker is open and its {@code openFor} has not passed: a request for permission
   * would be refused. Changes nothing, so a load balancer may ask it of every candidate.
   */
  public boolean isRefusing() {
    return breaker.getState() == State.OPEN
        && openedAtNanos + openForNanos - nanoTicker.getAsLong() > 0;
  }

  /**
   * Whole seconds until the breaker half-opens, for the {@code Retry-After} header of the {@code
   * 503}: at least 1 while open, 0 otherwise.
   */
  public long retryAfterSeconds() {
    if (breaker.getState() != State.OPEN) {
      return 0;
    }
    long left = openedAtNanos + openForNanos - nanoTicker.getAsLong();
    return Math.max(1, Checks.ceilSeconds(left));
  }

  /**
   * Transitions into {@code to} since creation (closed to open, open to half-open, half-open to
   * closed or open again), for the transition metric.
   */
  public long transitions(BreakerState to) {
    return transitions[to.ordinal()].sum();
  }

  /** Attempts refused since creation, for the rejection metric. */
  public long rejections() {
    return rejections.sum();
  }

  /** The marker failure handed to Resilience4j; never thrown. */
  private static final class UpstreamFailure extends Exception {
    private static final long serialVersionUID = 1L;

    UpstreamFailure() {
      super("upstream failure", null, false, false);
    }
  }
}
