package io.mcpedge.server.policy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.VerboseResult;
import io.github.bucket4j.distributed.AsyncVerboseBucket;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * A {@code scope: global} limit: one token bucket per key in the shared Redis, through bucket4j's
 * Lettuce integration (compare-and-swap, asynchronous), so that all replicas together admit the
 * configured rate.
 *
 * <p>A replica does not ask Redis for every request: it takes tokens from the shared bucket in
 * leases of up to two {@link #lease}s (a lease is 1 % of a second's budget, at least one token)
 * with bucket4j's {@code tryConsumeAsMuchAsPossible}, and admits requests from the tokens it holds
 * on the calling thread, without a future. It asks for the next lease when less than one lease is
 * left, so that while the bucket holds tokens admitted requests do not wait for Redis; only a
 * request that finds the replica's tokens spent while the bucket still had some waits, for one
 * round trip. A lease that left the bucket with less than one lease means it is drained: the
 * requests of that key that find no token here are then refused on the calling thread, without
 * asking Redis, until a lease has had time to refill (at most {@link #MAX_REFUSAL_WINDOW}) and
 * while the next lease is on its way; the tokens that refill meanwhile are taken by that lease and
 * admitted after it, so refusing early shifts admissions in time without changing their number. See
 * {@link Slot}.
 *
 * <p>How far the limit can be overshot: a replica admits only tokens the shared bucket gave it, so
 * the bucket is never overspent; what a replica holds unspent (less than three leases) it may admit
 * later than the bucket handed it out, and drops after {@link #LEASE_LIFETIME}. Over any second the
 * replicas together admit at most the limit plus {@code replicas x 3 x lease}.
 *
 * <p>bucket4j's delaying optimisation (the replica's own copy of the bucket, synchronised every
 * {@code lease} tokens or 50 ms) was used before: every request that arrived while a
 * synchronisation was in flight waited for it, admitted ones included, which put the global limit's
 * p99 at 1.27-1.40x a local one's under a flood in the benchmark.
 *
 * <p>When Redis is down or a command fails or times out ({@code redis.commandTimeout}), the
 * decision falls back, per {@code fallback}: a local bucket of the configured share or of the limit
 * divided by the replicas last seen alive ({@link LiveReplicas}), every request admitted, or every
 * request refused. Each fallback decision is counted. A request is never failed because of Redis
 * and never waits longer than one command timeout.
 */
public final class GlobalRateLimiter {

  /** The longest a key is refused without asking Redis after a lease came back short. */
  static final Duration MAX_REFUSAL_WINDOW = Duration.ofMillis(50);

  /** Leased tokens not admitted within this time are dropped. */
  static final Duration LEASE_LIFETIME = Duration.ofSeconds(1);

  /** Distinct keys remembered at once, as for local limits. */
  private static final int MAX_KEYS = LocalRateLimiter.DEFAULT_MAX_KEYS;

  private static final String ABSENT_KEY = "";

  /** How many times a request that found no token follows a lease that did not reach it. */
  private static final int MAX_LEASE_FOLLOWS = 3;

  private final String policyName;
  private final RateLimitConfig config;
  private final RateLimitQuota quota;
  private final SharedRedis redis;
  private final LiveReplicas replicas;
  private final LongSupplier nanoTicker;
  private final byte[] keyPrefix;
  private final long lease;
  private final long refusalWindowNanos;
  private final long leaseLifetimeNanos;
  private final BucketConfiguration bucketConfig;
  private final long refillNanos;
  private final RateLimitDecision refusal;
  private final Cache<String, Slot> slots;
  private final Function<String, Slot> newSlot = this::newSlot;
  private final LongAdder bucketCalls = new LongAdder();
  private volatile Slot routeSlot;
  private final LongAdder rejections = new LongAdder();
  private final LongAdder fallbacks;
  private volatile AsyncProxyManager<byte[]> proxies;
  private volatile Fallback fallback;

  /**
   * One key's bucket in Redis and what this replica holds of it: the tokens of its leases not yet
   * admitted, and, after a lease that drained the bucket, the time before which it refuses without
   * asking again.
   *
   * <p>Why refusing before that time admits no less: the lease left the shared bucket with less
   * than one lease, too little for the next. Whatever refills after it stays in the bucket (or goes
   * to another replica, which may take it anyway) until this replica's next lease takes it, and
   * each token it takes is admitted. So the requests refused in the window are refused in place of
   * requests admitted a little later, not in addition to them, and the window (a lease's refill
   * time, at most {@link #MAX_REFUSAL_WINDOW}) bounds how late. A client told to come back after
   * its {@code Retry-After} (a whole second at least) finds the window over and waits for a lease.
   *
   * <p>The fields are written by event loops and Redis threads: the tokens with compare-and-set,
   * the lease in flight with compare-and-set, the rest as volatile values a stale read of which
   * only asks Redis once more or refuses within a window.
   */
  private static final class Slot {
    final AsyncVerboseBucket bucket;

    /** Leased tokens not yet admitted. */
    final AtomicLong tokens = new AtomicLong();

    /** The lease on its way from Redis, completing with false when Redis failed; or null. */
    final AtomicReference<CompletableFuture<Boolean>> leasing = new AtomicReference<>();

    /** Requests waiting for a lease: a lease asks for their tokens too. */
    final AtomicInteger waiting = new AtomicInteger();

    /** When the tokens were leased (the limiter's ticker); written before they are added. */
    volatile long leasedAt;

    /**
     * True when the last lease left the bucket with less than one lease (half what a lease asks
     * for): the requests that find no token here are then refused rather than wait for the next.
     */
    volatile boolean drained;

    /** While drained and holding no token, requests before this time are refused here. */
    volatile long refuseUntil;

    Slot(AsyncVerboseBucket bucket, long now) {
      this.bucket = bucket;
      this.leasedAt = now;
      this.refuseUntil = now;
    }

    /** Takes one token leased within {@code lifetime}; the tokens left, or -1 when none. */
    long take(long now, long lifetime) {
      for (; ; ) {
        long t = tokens.get();
        if (t <= 0) {
          return -1;
        }
        if (now - leasedAt > lifetime) {
          tokens.compareAndSet(t, 0); // too old to admit: dropped
          continue;
        }
        if (tokens.compareAndSet(t, t - 1)) {
          return t - 1;
        }
      }
    }

    /**
     * Records a lease of {@code got} tokens asked for at {@code at}, after which the bucket held
     * {@code available}; below {@code oneLease} it counts as drained.
     */
    void leased(long got, long available, long oneLease, long at, long window) {
      drained = available < oneLease;
      if (drained) {
        refuseUntil = at + window;
      }
      if (got > 0) {
        leasedAt = at;
        tokens.addAndGet(got);
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
    this.lease = Math.max(1, Math.min(config.requestsPerSecond() / 100, burst));
    this.bucketConfig =
        BucketConfiguration.builder()
            .addLimit(
                l ->
                    l.capacity(burst)
                        .refillGreedy(config.requestsPerSecond(), Duration.ofSeconds(1)))
            .build();
    this.refillNanos = Math.max(1, 1_000_000_000L / config.requestsPerSecond());
    this.refusalWindowNanos = Math.min(lease * refillNanos, MAX_REFUSAL_WINDOW.toNanos());
    this.leaseLifetimeNanos = LEASE_LIFETIME.toNanos();
    // A refusal here is decided before a token can be due (at most 50 ms): one whole second.
    this.refusal = new RateLimitDecision(false, 0, 1, 1, quota);
    this.slots =
        Caffeine.newBuilder()
            .maximumSize(MAX_KEYS)
            .expireAfterAccess(Duration.ofSeconds(60))
            .ticker(nanoTicker::getAsLong)
            .executor(Runnable::run)
            .build();
  }

  /**
   * Decides for {@code key} on the calling thread, without a future, when that can be done: while
   * Redis is down (the fallback decides), while this replica holds a leased token (admitted), and
   * while it knows the shared bucket holds no token for it (refused; see {@link Slot}). Returns
   * null when the request must wait for a lease: then call {@link #tryAcquire}.
   */
  public RateLimitDecision tryAcquireNow(String key) {
    if ((proxies == null && proxies() == null) || !replicas.up()) {
      return fallback(key);
    }
    Slot s = slot(key);
    if (s == null) {
      return null;
    }
    long now = nanoTicker.getAsLong();
    long left = s.take(now, leaseLifetimeNanos);
    if (left >= 0) {
      if (left < lease) {
        prefetch(s, now);
      }
      return admitted(left);
    }
    if (s.drained && (now - s.refuseUntil < 0 || s.leasing.get() != null)) {
      rejections.increment();
      return refusal;
    }
    return null;
  }

  /**
   * Takes one token for {@code key}. The future is already complete unless this request has to wait
   * for a lease from Redis; it completes on a Redis thread then. It never completes exceptionally:
   * a failed Redis call yields the fallback's decision.
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
    return afterLease(s, key, 0);
  }

  /**
   * Waits for the lease on its way (or asks for one) and takes a token of it. A lease asks for the
   * tokens of the requests waiting for it besides its own; a request that a lease did not reach
   * (the bucket still had tokens, but other requests took the lease's first) follows the next one,
   * a few times; one that a drained bucket did not reach is refused.
   */
  private CompletableFuture<RateLimitDecision> afterLease(Slot s, String key, int follows) {
    s.waiting.incrementAndGet();
    return startLease(s)
        .thenCompose(
            ok -> {
              s.waiting.decrementAndGet();
              if (!ok) {
                return CompletableFuture.completedFuture(fallback(key));
              }
              long left = s.take(nanoTicker.getAsLong(), leaseLifetimeNanos);
              if (left >= 0) {
                return CompletableFuture.completedFuture(admitted(left));
              }
              if (s.drained || follows >= MAX_LEASE_FOLLOWS) {
                rejections.increment();
                return CompletableFuture.completedFuture(refusal);
              }
              return afterLease(s, key, follows + 1);
            });
  }

  /** Asks for the next lease ahead of need, unless one is on its way or the bucket is empty. */
  private void prefetch(Slot s, long now) {
    if (s.leasing.get() == null && !(s.drained && now - s.refuseUntil < 0)) {
      startLease(s);
    }
  }

  /**
   * The lease on its way, or a new one: completes with true once its tokens are in {@code s}, with
   * false when Redis failed (then the fallback decides). Completes on a Redis thread.
   */
  private CompletableFuture<Boolean> startLease(Slot s) {
    for (; ; ) {
      CompletableFuture<Boolean> f = s.leasing.get();
      if (f != null) {
        return f;
      }
      CompletableFuture<Boolean> mine = new CompletableFuture<>();
      if (!s.leasing.compareAndSet(null, mine)) {
        continue;
      }
      long asked = nanoTicker.getAsLong();
      bucketCalls.increment();
      CompletableFuture<VerboseResult<Long>> got;
      try {
        got = s.bucket.tryConsumeAsMuchAsPossible(Math.max(2 * lease, s.waiting.get() + lease));
      } catch (RuntimeException e) {
        replicas.markDown(e);
        s.leasing.set(null);
        mine.complete(false);
        return mine;
      }
      got.whenComplete(
          (r, e) -> {
            if (e != null) {
              replicas.markDown(e);
            } else {
              s.leased(
                  r.getValue(),
                  r.getDiagnostics().getAvailableTokens(),
                  lease,
                  asked,
                  refusalWindowNanos);
            }
            s.leasing.set(null); // before completing, so that a waiter may ask for the next
            mine.complete(e == null);
          });
      return mine;
    }
  }

  /**
   * An admission from a leased token: {@code left} is what this replica still holds, and the reset
   * is the time the bucket would take to refill from that to its burst.
   */
  private RateLimitDecision admitted(long left) {
    long toFull = Math.max(0, quota.burst() - left);
    return new RateLimitDecision(true, left, 0, Checks.ceilSeconds(toFull * refillNanos), quota);
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
    return new Slot(
        proxies.builder().build(redisKey(key), bucketConfig).asVerbose(), nanoTicker.getAsLong());
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

  /** Leases asked of Redis since this was built. */
  long bucketCalls() {
    return bucketCalls.sum();
  }
}
