package io.mcpedge.core.policy.retry;

import io.mcpedge.core.policy.Checks;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Jittered exponential delays between retries, so that clients failing together do not retry
 * together. Fully jittered, as Envoy does it: the n-th retry waits a uniformly random time in
 * {@code [0, min(max, base * 2^(n-1)))}.
 *
 * <p>Thread-safe when the random generator is (production passes {@link
 * io.mcpedge.core.policy.Randomness#threadLocal()}, which draws from the calling thread's state).
 */
public final class Backoff {

  private final long baseNanos;
  private final long maxNanos;
  private final RandomGenerator random;

  /**
   * @param base ceiling of the first retry's delay, > 0
   * @param max ceiling of every delay, >= base
   * @param random source of jitter, injected so that tests are exact
   */
  public Backoff(Duration base, Duration max, RandomGenerator random) {
    this.baseNanos = Checks.positive("backoffBase", base).toNanos();
    this.maxNanos = Checks.positive("backoffMax", max).toNanos();
    if (maxNanos < baseNanos) {
      throw new IllegalArgumentException(
          "backoffMax: " + max + " (expected: >= backoffBase " + base + ")");
    }
    this.random = Checks.present("random", random);
  }

  /** The ceiling of the delay before retry {@code retry} (1 for the first retry). */
  public long ceilingNanos(int retry) {
    Checks.positive("retry", retry);
    int doublings = retry - 1;
    if (doublings >= 62 || baseNanos > (maxNanos >> doublings)) {
      return maxNanos;
    }
    return baseNanos << doublings;
  }

  /** A random delay before retry {@code retry} (1 for the first retry), in nanoseconds. */
  public long delayNanos(int retry) {
    long ceiling = ceilingNanos(retry);
    return Math.min(ceiling - 1, (long) (random.nextDouble() * ceiling));
  }
}
