package io.mcpedge.server.policy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimization;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.api.StatefulRedisConnection;
import io.mcpedge.core.config.RateLimitConfig;
import io.mcpedge.core.config.RateLimitKey;
import io.mcpedge.core.policy.Checks;
import io.mcpedge.core.policy.ratelimit.LocalRateLimiter;
import io.mcpedge.core.policy.ratelimit.RateLimitDecision;
import io.mcpedge.core.policy.ratelimit.RateLimitQuota;
import io.mcpedge.server.redis.LiveReplicas;
import io.mcpedge.server.redis.SharedRedis;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * A {@code scope: global} limit: one token bucket per key in the shared Redis, through bucket4j's
 * Lettuce integration (compare-and-swap, asynchronous), so that all replicas together admit the
 * configured rate.
 *
 * <p>Each bucket uses bucket4j's delaying optimisation, which includes its batching: a replica
 * serves requests from its last copy of the bucket and writes what it consumed to Redis once it has
 * taken {@link #unsynchronizedTokens} tokens or {@link #MAX_UNSYNCHRONIZED} has passed, whichever
 * comes first; requests that arrive while a synchronisation is in flight join the next one. Most
 * decisions are therefore made locally on the calling thread, and the limit can be exceeded, at
 * most, by what every replica takes between two synchronisations: {@code replicas x
 * unsynchronizedTokens}, 1 % of a second's budget per replica by default. What was overspent is
 * owed by the shared bucket afterwards, so the rate over any second stays near the limit.
 *
 * <p>When Redis is down or a command fails or times out ({@code redis.commandTimeout}), the
 * decision falls back, per {@code fallback}: a local bucket of the configured share or of the limit
 * divided by the replicas last seen alive ({@link LiveReplicas}), every request admitted, or every
 * request refused. Each fallback decision is counted. A request is never failed because of Redis
 * and never waits longer than one command timeout.
 */
public final class GlobalRateLimiter {

  /** The longest a replica goes without writing its consumption to Redis. */
  static final Duration MAX_UNSYNCHRONIZED = Duration.ofMillis(50);

  /** Distinct keys remembered at once, as for local limits. */
  private static final int MAX_KEYS = LocalRateLimiter.DEFAULT_MAX_KEYS;

  private static final String ABSENT_KEY = "";

  private final String policyName;
  private final RateLimitConfig config;
  private final RateLimitQuota quota;
  private final SharedRedis redis;
  private final LiveReplicas replicas;
  private final LongSupplier nanoTicker;
  private final byte[] keyPrefix;
  private final long unsynchronizedTokens;
  private final BucketConfiguration bucketConfig;
  private final Cache<String, AsyncBucketProxy> buckets;
  private final LongAdder rejections = new LongAdder();
  private final LongAdder fallbacks;
  private volatile AsyncProxyManager<byte[]> proxies;
  private volatile Fallback fallback;

  /** The local bucket used while Redis is down, made for one replica count. */
  private record Fallback(int replicas, LocalRateLimiter limiter) {}

  /**
   * @param policyName the name clients see in the rate-limit headers
   * @param redis the shared client; its command timeout bounds every Redis call
   * @param nanoTicker monotonic time for the fallback buckets and key expiry
   * @param fallbacks counts the decisions made without Redis
   */
  public GlobalRateLimiter(
      String policyName,
      RateLimitConfig config,
      SharedRedis redis,
      LongSupplier nanoTicker,
      LongAdder fallbacks) {
    this.fallbacks = fallbacks;
    this.policyName = Checks.present("policyName", policyName);
    this.config = config;
    long burst = config.burst() == 0 ? config.requestsPerSecond() : config.burst();
    this.quota = new RateLimitQuota(policyName, config.requestsPerSecond(), burst);
    this.redis = redis;
    this.replicas = redis.replicas();
    this.nanoTicker = nanoTicker;
    this.keyPrefix =
        (redis.keyPrefix() + "limit:" + policyName + ":").getBytes(StandardCharsets.UTF_8);
    this.unsynchronizedTokens = Math.max(1, config.requestsPerSecond() / 100);
    this.bucketConfig =
        BucketConfiguration.builder()
            .addLimit(
                l ->
                    l.capacity(burst)
                        .refillGreedy(config.requestsPerSecond(), Duration.ofSeconds(1)))
            .build();
    this.buckets =
        Caffeine.newBuilder()
            .maximumSize(config.key() == RateLimitKey.ROUTE ? 1 : MAX_KEYS)
            .expireAfterAccess(Duration.ofSeconds(60))
            .ticker(nanoTicker::getAsLong)
            .executor(Runnable::run)
            .build();
  }

  /**
   * Takes one token for {@code key}. The future is already complete unless this request starts or
   * joins a synchronisation with Redis; it completes on a Redis thread then. It never completes
   * exceptionally: a failed Redis call yields the fallback's decision.
   */
  public CompletableFuture<RateLimitDecision> tryAcquire(String key) {
    AsyncProxyManager<byte[]> p = proxies;
    if (p == null) {
      p = proxies();
    }
    if (p == null || !replicas.up()) {
      return CompletableFuture.completedFuture(fallback(key));
    }
    CompletableFuture<ConsumptionProbe> f;
    try {
      f = bucket(p, key).tryConsumeAndReturnRemaining(1);
    } catch (RuntimeException e) {
      replicas.markDown(e);
      return CompletableFuture.completedFuture(fallback(key));
    }
    if (f.isDone() && !f.isCompletedExceptionally()) {
      return CompletableFuture.completedFuture(decision(f.join()));
    }
    return f.handle(
        (probe, e) -> {
          if (e != null) {
            replicas.markDown(e);
            return fallback(key);
          }
          return decision(probe);
        });
  }

  private AsyncProxyManager<byte[]> proxies() {
    StatefulRedisConnection<byte[], byte[]> c = redis.connectionNow();
    if (c == null) {
      return null;
    }
    synchronized (this) {
      if (proxies == null) {
        proxies =
            Bucket4jLettuce.casBasedBuilder(c)
                .expirationAfterWrite(
                    ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                        Duration.ofSeconds(10)))
                .requestTimeout(redis.commandTimeout())
                .build()
                .asAsync();
      }
      return proxies;
    }
  }

  private AsyncBucketProxy bucket(AsyncProxyManager<byte[]> p, String key) {
    String k = config.key() == RateLimitKey.ROUTE || key == null ? ABSENT_KEY : key;
    return buckets.get(
        k,
        x -> {
          Optimization sync =
              Optimizations.delaying(new DelayParameters(unsynchronizedTokens, MAX_UNSYNCHRONIZED));
          return p.builder().withOptimization(sync).build(redisKey(x), bucketConfig);
        });
  }

  private byte[] redisKey(String key) {
    byte[] k = key.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[keyPrefix.length + k.length];
    System.arraycopy(keyPrefix, 0, out, 0, keyPrefix.length);
    System.arraycopy(k, 0, out, keyPrefix.length, k.length);
    return out;
  }

  private RateLimitDecision decision(ConsumptionProbe probe) {
    if (!probe.isConsumed()) {
      rejections.increment();
    }
    return RateLimitDecision.of(probe, quota);
  }

  private RateLimitDecision fallback(String key) {
    fallbacks.increment();
    RateLimitDecision d =
        switch (config.fallback()) {
          case OPEN -> new RateLimitDecision(true, quota.burst(), 0, 1, quota);
          case CLOSED -> new RateLimitDecision(false, 0, 1, 1, quota);
          case LOCAL_SHARE -> localShare().tryAcquire(key);
        };
    if (!d.allowed()) {
      rejections.increment();
    }
    return d;
  }

  /** The local bucket for the replica count seen last; remade when the count changes. */
  private LocalRateLimiter localShare() {
    int n = replicas.count();
    Fallback f = fallback;
    if (f == null || f.replicas() != n) {
      long rate =
          config.fallbackRequestsPerSecond() > 0
              ? config.fallbackRequestsPerSecond()
              : ceilDiv(config.requestsPerSecond(), n);
      long burst = Math.max(1, ceilDiv(quota.burst() * rate, config.requestsPerSecond()));
      RateLimitConfig share = new RateLimitConfig(rate, burst, config.key(), config.header());
      f = new Fallback(n, new LocalRateLimiter(policyName, share, nanoTicker));
      fallback = f;
    }
    return f.limiter();
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  public RateLimitQuota quota() {
    return quota;
  }

  /** Requests refused since this limiter was built (by Redis's bucket or a fallback). */
  public long rejections() {
    return rejections.sum();
  }
}
