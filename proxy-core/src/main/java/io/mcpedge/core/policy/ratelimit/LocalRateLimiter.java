package io.mcpedge.core.policy.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.mcpedge.core.config.RateLimitConfig;
import io.mcpedge.core.config.RateLimitKey;
import io.mcpedge.core.policy.Checks;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * A process-local {@link RateLimiter}: greedy token buckets (bucket4j) of {@code burst} tokens
 * refilled at {@code requestsPerSecond}, one per route or one per key.
 *
 * <p>Keyed buckets live in a bounded Caffeine map that forgets a key once it has been idle for the
 * time a bucket takes to refill completely. Forgetting is then lossless: a new bucket starts full,
 * exactly as the old one would be by now. Only when more than {@code maxKeys} keys are active at
 * once does eviction hand a client a fresh bucket early; the bound keeps memory finite under a
 * flood of distinct client addresses.
 *
 * <p>Buckets use bucket4j's lock-free strategy and {@code tryConsumeAndReturnRemaining}, so a
 * decision never waits; time comes from the injected ticker, so tests step it.
 */
public final class LocalRateLimiter implements RateLimiter {

  /** Distinct keys remembered at once unless the caller chooses otherwise. */
  public static final int DEFAULT_MAX_KEYS = 100_000;

  /** The key used for requests that carry no value for the configured key. */
  static final String ABSENT_KEY = "";

  private final RateLimitQuota quota;
  private final TimeMeter timeMeter;
  private final Bucket routeBucket;
  private final Cache<String, Bucket> keyedBuckets;
  private final Function<String, Bucket> newBucket = key -> newBucket();
  private final LongAdder rejections = new LongAdder();

  /**
   * @param policyName the name clients see in the rate-limit headers (the route name)
   * @param config the route's limit; a {@code burst} of 0 means "same as requestsPerSecond"
   * @param nanoTicker monotonic time in nanoseconds ({@code System::nanoTime} in production)
   */
  public LocalRateLimiter(String policyName, RateLimitConfig config, LongSupplier nanoTicker) {
    this(policyName, config, nanoTicker, DEFAULT_MAX_KEYS);
  }

  /** As {@link #LocalRateLimiter(String, RateLimitConfig, LongSupplier)}, bounding the keys. */
  public LocalRateLimiter(
      String policyName, RateLimitConfig config, LongSupplier nanoTicker, int maxKeys) {
    Checks.present("rateLimit", config);
    Checks.present("key", config.key());
    Checks.present("nanoTicker", nanoTicker);
    Checks.positive("maxKeys", maxKeys);
    Checks.nonNegative("burst", config.burst());
    long burst = config.burst() == 0 ? config.requestsPerSecond() : config.burst();
    this.quota = new RateLimitQuota(policyName, config.requestsPerSecond(), burst);
    this.timeMeter = new TickerTimeMeter(nanoTicker);
    if (config.key() == RateLimitKey.ROUTE) {
      this.routeBucket = newBucket();
      this.keyedBuckets = null;
    } else {
      this.routeBucket = null;
      this.keyedBuckets =
          Caffeine.newBuilder()
              .maximumSize(maxKeys)
              .expireAfterAccess(fullRefill(quota))
              .ticker(nanoTicker::getAsLong)
              .executor(Runnable::run)
              .build();
    }
  }

  /** How long an emptied bucket takes to fill up; never less than a millisecond. */
  private static Duration fullRefill(RateLimitQuota quota) {
    double nanos = quota.burst() * 1e9 / quota.requestsPerSecond();
    return Duration.ofNanos(Math.max(1_000_000L, (long) Math.ceil(nanos)));
  }

  private Bucket newBucket() {
    return Bucket.builder()
        .addLimit(
            limit ->
                limit
                    .capacity(quota.burst())
                    .refillGreedy(quota.requestsPerSecond(), Duration.ofSeconds(1)))
        .withCustomTimePrecision(timeMeter)
        .build();
  }

  @Override
  public RateLimitDecision tryAcquire(String key) {
    Bucket bucket =
        routeBucket != null
            ? routeBucket
            : keyedBuckets.get(key == null ? ABSENT_KEY : key, newBucket);
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
    if (!probe.isConsumed()) {
      rejections.increment();
    }
    return RateLimitDecision.of(probe, quota);
  }

  @Override
  public RateLimitQuota quota() {
    return quota;
  }

  @Override
  public long rejections() {
    return rejections.sum();
  }

  /** Keys currently remembered (after dropping idle ones); 0 for a per-route limiter. */
  public long trackedKeys() {
    if (keyedBuckets == null) {
      return 0;
    }
    keyedBuckets.cleanUp();
    return keyedBuckets.estimatedSize();
  }

  /** Adapts the injected ticker to bucket4j's clock abstraction. */
  private record TickerTimeMeter(LongSupplier ticker) implements TimeMeter {
    @Override
    public long currentTimeNanos() {
      return ticker.getAsLong();
    }

    @Override
    public boolean isWallClockBased() {
      return false;
    }
  }
}
