package io.mcpedge.server.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpedge.core.config.RateLimitConfig;
import io.mcpedge.core.config.RateLimitFallback;
import io.mcpedge.core.config.RateLimitKey;
import io.mcpedge.core.config.RateLimitScope;
import io.mcpedge.core.config.RedisConfig;
import io.mcpedge.core.policy.ratelimit.RateLimitDecision;
import io.mcpedge.server.redis.SharedRedis;
import io.mcpedge.server.testsupport.RedisServer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A {@code scope: global} limiter against a real {@code redis-server}, in one process. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GlobalRateLimiterIT {

  private static RateLimitConfig global(long rps, long burst, RateLimitFallback fallback) {
    return new RateLimitConfig(
        rps, burst, RateLimitKey.ROUTE, null, RateLimitScope.GLOBAL, fallback, 0);
  }

  /** A limiter of {@code config} on {@code redis}, once its replica is up. */
  private static GlobalRateLimiter limiter(SharedRedis redis, RateLimitConfig config) {
    await().atMost(Duration.ofSeconds(15)).until(() -> redis.replicas().up());
    return new GlobalRateLimiter("r", config, redis, System::nanoTime, new LongAdder());
  }

  @Test
  void admitsWhatTheBucketHoldsAndNoMore() throws Exception {
    try (RedisServer server = RedisServer.start();
        SharedRedis redis = SharedRedis.start(RedisConfig.of(server.uri()))) {
      GlobalRateLimiter limiter = limiter(redis, global(1000, 500, RateLimitFallback.LOCAL_SHARE));
      int admitted = 0;
      long start = System.nanoTime();
      for (int i = 0; i < 3000; i++) {
        RateLimitDecision d = limiter.tryAcquire(null).get(5, TimeUnit.SECONDS);
        if (d.allowed()) {
          admitted++;
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      // 500 in the bucket plus what refilled while the loop ran; the tokens still held are fewer
      // than were leased.
      assertThat(seconds).isLessThan(2.0);
      assertThat((double) admitted).isBetween(500.0, 500 + 1000 * seconds + 10);
    }
  }

  @Test
  void refusedRequestsOfAFloodDoNotReachTheBucket() throws Exception {
    try (RedisServer server = RedisServer.start();
        SharedRedis redis = SharedRedis.start(RedisConfig.of(server.uri()))) {
      GlobalRateLimiter limiter = limiter(redis, global(100, 10, RateLimitFallback.LOCAL_SHARE));
      int admitted = 0;
      int requests = 20_000;
      long start = System.nanoTime();
      for (int i = 0; i < requests; i++) {
        RateLimitDecision d = limiter.tryAcquireNow(null);
        if (d == null) {
          d = limiter.tryAcquire(null).get(5, TimeUnit.SECONDS);
        }
        if (d.allowed()) {
          admitted++;
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      // Each lease (here one token each, the limit being 100 req/s) and at most one short lease
      // per refusal window asks Redis; the rest are refused on the calling thread.
      assertThat(limiter.bucketCalls())
          .as("bucket4j calls for %d requests, %d admitted in %.2f s", requests, admitted, seconds)
          .isLessThan(2L * admitted + 200);
      assertThat(limiter.rejections()).isEqualTo(requests - admitted);
      assertThat((double) admitted).isBetween(10.0, 10 + 100 * seconds + 2);
    }
  }

  @Test
  void admitsAgainWhenTheNextTokenIsDue() throws Exception {
    try (RedisServer server = RedisServer.start();
        SharedRedis redis = SharedRedis.start(RedisConfig.of(server.uri()))) {
      // One token every 200 ms: longer than the longest remembered refusal (50 ms).
      GlobalRateLimiter limiter = limiter(redis, global(5, 1, RateLimitFallback.CLOSED));
      RateLimitDecision no;
      do {
        no = limiter.tryAcquire(null).get(5, TimeUnit.SECONDS);
      } while (no.allowed());
      long refused = System.nanoTime();
      assertThat(no.retryAfterSeconds()).isEqualTo(1);
      await()
          .pollInterval(Duration.ofMillis(2))
          .atMost(Duration.ofSeconds(5))
          .until(
              () -> {
                RateLimitDecision d = limiter.tryAcquireNow(null);
                return (d != null ? d : limiter.tryAcquire(null).get(5, TimeUnit.SECONDS))
                    .allowed();
              });
      double ms = (System.nanoTime() - refused) / 1e6;
      // The next token is due at most 200 ms after the refusal: the key is not refused for longer
      // than that (plus the polling and a loaded machine's pauses), though the refusal's
      // Retry-After said a whole second.
      assertThat(ms).isLessThan(600.0);
    }
  }

  @Test
  void admitsFromItsLeaseWithoutWaitingForRedis() throws Exception {
    try (RedisServer server = RedisServer.start();
        SharedRedis redis = SharedRedis.start(RedisConfig.of(server.uri()))) {
      // Leases of up to 20 tokens (two of 1 % of 1000 req/s); the bucket holds 1000.
      GlobalRateLimiter limiter = limiter(redis, global(1000, 1000, RateLimitFallback.CLOSED));
      assertThat(limiter.tryAcquire(null).get(5, TimeUnit.SECONDS).allowed()).isTrue();
      assertThat(limiter.bucketCalls()).isEqualTo(1);
      // Redis answers nobody for a while: the 19 tokens this replica holds are still admitted,
      // each on the calling thread (no future to wait for), the next lease asked for on the way.
      server.command("CLIENT", "PAUSE", "300");
      for (int i = 0; i < 19; i++) {
        RateLimitDecision d = limiter.tryAcquireNow(null);
        assertThat(d).as("decision %d while Redis is paused", i).isNotNull();
        assertThat(d.allowed()).isTrue();
        assertThat(d.remaining()).isEqualTo(18 - i);
      }
      assertThat(limiter.bucketCalls()).isEqualTo(2);
      assertThat(limiter.rejections()).isZero();
    }
  }
}
