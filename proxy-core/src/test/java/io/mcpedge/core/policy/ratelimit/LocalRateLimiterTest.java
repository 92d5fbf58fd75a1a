package io.mcpedge.core.policy.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpedge.core.config.RateLimitConfig;
import io.mcpedge.core.config.RateLimitKey;
import io.mcpedge.core.policy.FakeTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LocalRateLimiterTest {

  private final FakeTicker ticker = new FakeTicker();

  private LocalRateLimiter limiter(long rate, long burst, RateLimitKey key) {
    return new LocalRateLimiter("route", new RateLimitConfig(rate, burst, key, null), ticker);
  }

  private static int admitted(RateLimiter limiter, String key, int attempts) {
    int admitted = 0;
    for (int i = 0; i < attempts; i++) {
      if (limiter.tryAcquire(key).allowed()) {
        admitted++;
      }
    }
    return admitted;
  }

  @ParameterizedTest(name = "rate {0}/s, burst {1}: {1} at once, then {2} after {3} ms")
  @CsvSource({
    "3000, 3000, 3000, 1000",
    "3000, 3000, 3, 1",
    "3000, 3000, 1500, 500",
    "3000, 100, 100, 1000",
    "3000, 6000, 3000, 1000",
    "3000, 6000, 6000, 5000",
    "10, 1, 1, 5000",
    "1, 5, 2, 2000",
  })
  void admitsExactlyTheBurstThenRefillsAtTheRate(
      long rate, long burst, int afterRefill, long elapsedMillis) {
    LocalRateLimiter limiter = limiter(rate, burst, RateLimitKey.ROUTE);

    assertThat(admitted(limiter, null, (int) burst + 50)).isEqualTo(burst);
    ticker.advance(Duration.ofMillis(elapsedMillis));
    assertThat(admitted(limiter, null, afterRefill + 50)).isEqualTo(afterRefill);
    assertThat(limiter.rejections()).isEqualTo(100);
  }

  @Test
  void perKeyBucketsAreIndependent() {
    LocalRateLimiter limiter = limiter(10, 2, RateLimitKey.CLIENT_ADDRESS);

    assertThat(admitted(limiter, "10.0.0.1", 5)).isEqualTo(2);
    assertThat(admitted(limiter, "10.0.0.2", 5)).isEqualTo(2);
    assertThat(admitted(limiter, null, 5))
        .as("requests without a key share one bucket")
        .isEqualTo(2);
  }

  @Test
  void routeLimiterIgnoresTheKey() {
    LocalRateLimiter limiter = limiter(10, 2, RateLimitKey.ROUTE);

    assertThat(limiter.tryAcquire("a").allowed()).isTrue();
    assertThat(limiter.tryAcquire("b").allowed()).isTrue();
    assertThat(limiter.tryAcquire("c").allowed()).isFalse();
  }

  @Test
  void rejectionCarriesRetryAfterAndHeaders() {
    LocalRateLimiter limiter = limiter(1, 2, RateLimitKey.ROUTE);

    RateLimitDecision first = limiter.tryAcquire(null);
    assertThat(first.allowed()).isTrue();
    assertThat(first.remaining()).isEqualTo(1);
    assertThat(first.rateLimitHeader()).isEqualTo("\"route\";r=1;t=1");
    assertThat(first.rateLimitPolicyHeader()).isEqualTo("\"route\";q=1;w=1");

    limiter.tryAcquire(null);
    ticker.advance(Duration.ofMillis(300));
    RateLimitDecision rejected = limiter.tryAcquire(null);
    assertThat(rejected.allowed()).isFalse();
    assertThat(rejected.remaining()).isZero();
    assertThat(rejected.retryAfterSeconds()).isEqualTo(1);
    assertThat(rejected.retryAfterHeader()).isEqualTo("1");
    assertThat(rejected.rateLimitHeader()).isEqualTo("\"route\";r=0;t=1");
  }

  @Test
  void retryAfterRoundsUpToWholeSecondsAndIsNeverZero() {
    LocalRateLimiter slow = limiter(1, 1, RateLimitKey.ROUTE);
    slow.tryAcquire(null);
    ticker.advance(Duration.ofMillis(10));
    assertThat(slow.tryAcquire(null).retryAfterSeconds()).isEqualTo(1);

    LocalRateLimiter fast = limiter(3000, 1, RateLimitKey.ROUTE);
    fast.tryAcquire(null);
    assertThat(fast.tryAcquire(null).retryAfterSeconds()).isEqualTo(1);
  }

  @Test
  void idleKeysAreForgottenOnceTheirBucketWouldBeFull() {
    LocalRateLimiter limiter = limiter(10, 20, RateLimitKey.HEADER);
    limiter.tryAcquire("a");
    limiter.tryAcquire("b");
    assertThat(limiter.trackedKeys()).isEqualTo(2);

    ticker.advance(Duration.ofMillis(1999));
    limiter.tryAcquire("b");
    assertThat(limiter.trackedKeys()).isEqualTo(2);

    ticker.advance(Duration.ofMillis(2));
    assertThat(limiter.trackedKeys()).as("a idled 2.001 s, b 0.002 s").isEqualTo(1);
  }

  @Test
  void keyCountIsBounded() {
    LocalRateLimiter limiter =
        new LocalRateLimiter(
            "route", new RateLimitConfig(10, 10, RateLimitKey.CLIENT_ADDRESS, null), ticker, 100);
    for (int i = 0; i < 1000; i++) {
      limiter.tryAcquire("10.0." + (i / 256) + "." + (i % 256));
    }
    assertThat(limiter.trackedKeys()).isLessThanOrEqualTo(100);
  }

  @Test
  void policyNameIsAnEscapedStructuredFieldString() {
    RateLimitQuota quota = new RateLimitQuota("a\"b\\c", 5, 5);
    assertThat(quota.policyHeader()).isEqualTo("\"a\\\"b\\\\c\";q=5;w=1");
    assertThatThrownBy(() -> new RateLimitQuota("caf\u00e9", 5, 5))
        .hasMessage("name: caf\u00e9 (expected: printable ASCII characters only)");
  }

  @ParameterizedTest
  @CsvSource({
    "0, 10, requestsPerSecond: 0 (expected: > 0)",
    "-5, 10, requestsPerSecond: -5 (expected: > 0)",
    "10, -1, burst: -1 (expected: >= 0)",
  })
  void rejectsNonsense(long rate, long burst, String message) {
    assertThatThrownBy(() -> limiter(rate, burst, RateLimitKey.ROUTE)).hasMessage(message);
  }

  @Test
  void zeroBurstMeansTheRate() {
    LocalRateLimiter limiter = limiter(7, 0, RateLimitKey.ROUTE);
    assertThat(limiter.quota().burst()).isEqualTo(7);
    assertThat(admitted(limiter, null, 20)).isEqualTo(7);
  }
}
