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

  @Test
  void admitsWhatTheBucketHoldsAndNoMore() throws Exception {
    try (RedisServer server = RedisServer.start();
        SharedRedis redis = SharedRedis.start(RedisConfig.of(server.uri()))) {
      await().atMost(Duration.ofSeconds(15)).until(() -> redis.replicas().up());
      GlobalRateLimiter limiter =
          new GlobalRateLimiter(
              "r",
              global(1000, 500, RateLimitFallback.LOCAL_SHARE),
              redis,
              System::nanoTime,
              new LongAdder());
      int admitted = 0;
      long start = System.nanoTime();
      for (int i = 0; i < 3000; i++) {
        RateLimitDecision d = limiter.tryAcquire(null).get(5, TimeUnit.SECONDS);
        if (d.allowed()) {
          admitted++;
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      // 500 in the bucket plus what refilled while the loop ran, and one unsynchronised share.
      assertThat(seconds).isLessThan(2.0);
      assertThat((double) admitted).isBetween(500.0, 500 + 1000 * seconds + 10);
    }
  }
}
