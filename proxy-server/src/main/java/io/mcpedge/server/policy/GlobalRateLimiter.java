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
import java.util.function.Function;
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
 * <p>A refusal is remembered per key until the bucket's next token is due (at most {@link
 * #MAX_UNSYNCHRONIZED}), and the requests before then are refused by {@link #tryAcquireNow} on the
 * calling thread without bucket4j or a future: under a flood, nearly every request (see {@code
 * Slot} for why this admits nothing bucket4j would refuse, and refuses nothing it would admit but
 * for a token another replica took or a Redis that restarted empty).
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
  private final long refillNanos;
  private final Cache<String, Slot> slots;
  private final Function<String, Slot> newSlot = this::newSlot;
  private final LongAdder bucketCalls = new LongAdder();
  private volatile Slot routeSlot;
  private final LongAdder rejections = new LongAdder();
  private final LongAdder fallbacks;
  private volatile AsyncProxyManager<byte[]> proxies;
  private volatile Fallback fallback;

  /**
   * One key's bucket in Redis and what this replica last learnt of it: the time before which the
   * shared bucket holds no token for this replica, so that a request can be refused on the calling
   * thread, without bucket4j's asynchronous proxy (a future, a lock and a copy of the bucket per
   * call), which under a flood of refused requests was most of what a global limit cost.
   *
   * <p>Why a refusal may be remembered: when bucket4j refuses at time {@code t} with {@code
   * nanosToWaitForRefill = w}, its view of the bucket (this replica's copy, or Redis's state at the
   * last synchronisation) holds its next token at {@code t + w}. The shared bucket holds no more
   * than that view: it refills at the same rate from the same state, and the other replicas can
   * only take tokens from it, never add them. So every request before {@code t + w} would be
   * refused by bucket4j too, from the copy or from Redis. The window is capped at {@link
   * #MAX_UNSYNCHRONIZED}: a Redis that restarted empty, or a key that expired, starts full, which
   * no replica can see coming.
   *
   * <p>Why requests need not wait for a synchronisation in flight: when the window ends at {@code
   * E}, the bucket holds at most one token, and the first request after {@code E} claims it; the
   * next token cannot be there before {@code E + 1/rate}. A request forwarded to bucket4j in {@code
   * [E, E + 1/rate)} therefore moves the window to {@code E + 1/rate}, so the requests behind it
   * are refused locally instead of joining the synchronisation it may have started (bucket4j queues
   * every request that arrives while one is in flight, and batches them into the next). Should the
   * claimed token not be granted (another replica took it), the refusal that comes back sets a
   * fresh window; until then the local refusals may have come up to {@code 1/rate} early. While the
   * bucket holds tokens, requests still go to bucket4j and may wait for a synchronisation.
   *
   * <p>The fields are written by event loops and Redis threads without a lock: a stale read only
   * sends a request to bucket4j that could have been refused here, or refuses within a window.
   */
  private static final class Slot {
    final AsyncBucketProxy bucket;
    private final long refillNanos;
    private final long maxWindowNanos;

    /** Requests before this time (the limiter's ticker) are refused with {@link #refusal}. */
    volatile long refusedUntil;

    /** The last refusal bucket4j gave for this key; its headers answer the local refusals. */
    volatile RateLimitDecision refusal;

    /** True when the last answer left no whole token: a window's end is the next token's time. */
    volatile boolean empty;

    Slot(AsyncBucketProxy bucket, long refillNanos, long maxWindowNanos, long now) {
      this.bucket = bucket;
      this.refillNanos = refillNanos;
      this.maxWindowNanos = maxWindowNanos;
      this.refusedUntil = now;
    }

    /**
     * A request is about to ask bucket4j at {@code now}: it claims the token of the window's end.
     */
    void claim(long now) {
      long end = refusedUntil;
      if (empty && now - (end + refillNanos) < 0) {
        refusedUntil = end + refillNanos;
      }
    }

    /**
     * Records bucket4j's answer {@code d} (from {@code probe}) to a request asked at {@code now}.
     */
    void learn(ConsumptionProbe probe, RateLimitDecision d, long now) {
      if (!probe.isConsumed()) {
        refusal = d;
        refusedUntil = now + Math.min(probe.getNanosToWaitForRefill(), maxWindowNanos);
        empty = true;
      } else if (probe.getRemainingTokens() > 0) {
        empty = false;
        refusedUntil = now;
      }
    }
  }

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
    this.refillNanos = Math.max(1, 1_000_000_000L / config.requestsPerSecond());
    this.slots =
        Caffeine.newBuilder()
            .maximumSize(MAX_KEYS)
            .expireAfterAccess(Duration.ofSeconds(60))
            .ticker(nanoTicker::getAsLong)
            .executor(Runnable::run)
            .build();
  }

  /**
   * Decides for {@code key} on the calling thread, without a future and without bucket4j, when that
   * can be done: while Redis is down (the fallback decides), and while this replica knows the
   * shared bucket holds no token for it (see {@link Slot}). Returns null when the bucket must be
   * asked: then call {@link #tryAcquire}.
   */
  public RateLimitDecision tryAcquireNow(String key) {
    if ((proxies == null && proxies() == null) || !replicas.up()) {
      return fallback(key);
    }
    Slot s = slot(key);
    if (s == null) {
      return null;
    }
    if (nanoTicker.getAsLong() - s.refusedUntil < 0) {
      rejections.increment();
      return s.refusal;
    }
    return null;
  }

  /**
   * Takes one token for {@code key}. The future is already complete unless this request starts or
   * joins a synchronisation with Redis; it completes on a Redis thread then. It never completes
   * exceptionally: a failed Redis call yields the fallback's decision.
   */
  public CompletableFuture<RateLimitDecision> tryAcquire(String key) {
    RateLimitDecision now = tryAcquireNow(key);
    if (now != null) {
      return CompletableFuture.completedFuture(now);
    }
    Slot s = slot(key);
    if (s == null) {
      return CompletableFuture.completedFuture(fallback(key));
    }
    long asked = nanoTicker.getAsLong();
    s.claim(asked);
    bucketCalls.increment();
    CompletableFuture<ConsumptionProbe> f;
    try {
      f = s.bucket.tryConsumeAndReturnRemaining(1);
    } catch (RuntimeException e) {
      replicas.markDown(e);
      return CompletableFuture.completedFuture(fallback(key));
    }
    if (f.isDone() && !f.isCompletedExceptionally()) {
      return CompletableFuture.completedFuture(decision(s, f.join(), asked));
    }
    return f.handle(
        (probe, e) -> {
          if (e != null) {
            replicas.markDown(e);
            return fallback(key);
          }
          return decision(s, probe, asked);
        });
  }

  /** The slot of {@code key}, made on first use; null while there is no Redis connection. */
  private Slot slot(String key) {
    if (config.key() == RateLimitKey.ROUTE || key == null) {
      Slot s = routeSlot;
      if (s == null) {
        s = routeSlotNow();
      }
      return s;
    }
    Slot s = slots.getIfPresent(key);
    return s != null ? s : proxies() == null ? null : slots.get(key, newSlot);
  }

  private synchronized Slot routeSlotNow() {
    if (routeSlot == null && proxies() != null) {
      routeSlot = newSlot(ABSENT_KEY);
    }
    return routeSlot;
  }

  private Slot newSlot(String key) {
    Optimization sync =
        Optimizations.delaying(new DelayParameters(unsynchronizedTokens, MAX_UNSYNCHRONIZED));
    return new Slot(
        proxies.builder().withOptimization(sync).build(redisKey(key), bucketConfig),
        refillNanos,
        MAX_UNSYNCHRONIZED.toNanos(),
        nanoTicker.getAsLong());
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

  private byte[] redisKey(String key) {
    byte[] k = key.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[keyPrefix.length + k.length];
    System.arraycopy(keyPrefix, 0, out, 0, keyPrefix.length);
    System.arraycopy(k, 0, out, keyPrefix.length, k.length);
    return out;
  }

  /**
   * The decision of {@code probe}, remembered in {@code s} from {@code asked}: bucket4j computed
   * its wait after that, so a window counted from it ends no later than the bucket's next token,
   * though the answer came back later (a round trip to Redis).
   */
  private RateLimitDecision decision(Slot s, ConsumptionProbe probe, long asked) {
    RateLimitDecision d = RateLimitDecision.of(probe, quota);
    if (!probe.isConsumed()) {
      rejections.increment();
    }
    s.learn(probe, d, asked);
    return d;
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

  /** Requests decided by bucket4j (its copy of the bucket, or Redis) since this was built. */
  long bucketCalls() {
    return bucketCalls.sum();
  }
}
