package io.mcpedge.core.policy.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpedge.core.config.FailureBreakerConfig;
import io.mcpedge.core.policy.FakeTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailureBreakerTest {

  private static final long MS = 1_000_000L;
  private final FakeTicker ticker = new FakeTicker();

  private FailureBreaker breaker(int percent, int window, int minimum, int probes) {
    return new FailureBreaker(
        "upstream",
        new FailureBreakerConfig(percent, window, minimum, Duration.ofSeconds(10), probes, false),
        ticker);
  }

  /** Runs calls whose outcome follows the pattern: 'F' fails, 'S' succeeds. */
  private static void calls(FailureBreaker breaker, String pattern) {
    for (char c : pattern.toCharArray()) {
      assertThat(breaker.tryAcquirePermission()).as("permission before %s", c).isTrue();
      if (c == 'F') {
        breaker.onFailure(5 * MS);
      } else {
        breaker.onSuccess(5 * MS);
      }
    }
  }

  @ParameterizedTest(name = "{0}% of {1} (min {2}) after {3}: open={4}")
  @CsvSource({
    "50, 10, 10, FFFFSSSSS, false", // below the minimum number of calls
    "50, 10, 10, FFFFSSSSSS, false", // 40 %
    "50, 10, 10, FFFFFSSSSS, true", // 50 % reaches the threshold
    "50, 4, 4, SSFF, true",
    "50, 4, 4, SSSSSSSF, false", // window slides: 1 of the last 4
    "100, 3, 3, FFSF, false",
    "100, 3, 3, SFFF, true",
    "20, 10, 5, SSSSF, true",
  })
  void opensAtTheThreshold(int percent, int window, int minimum, String pattern, boolean open) {
    FailureBreaker breaker = breaker(percent, window, minimum, 1);
    calls(breaker, pattern);
    assertThat(breaker.state()).isEqualTo(open ? BreakerState.OPEN : BreakerState.CLOSED);
  }

  @Test
  void rejectsWhileOpenWithRetryAfterCountingDown() {
    FailureBreaker breaker = breaker(50, 2, 2, 1);
    calls(breaker, "FF");

    assertThat(breaker.tryAcquirePermission()).isFalse();
    assertThat(breaker.retryAfterSeconds()).isEqualTo(10);
    ticker.advance(Duration.ofMillis(8500));
    assertThat(breaker.tryAcquirePermission()).isFalse();
    assertThat(breaker.retryAfterSeconds()).isEqualTo(2);
    ticker.advance(Duration.ofMillis(1499));
    assertThat(breaker.tryAcquirePermission()).isFalse();
    assertThat(breaker.retryAfterSeconds()).as("never 0 while open").isEqualTo(1);
    assertThat(breaker.rejections()).isEqualTo(3);
  }

  @Test
  void halfOpensAfterOpenForAndClosesAfterSuccessfulProbes() {
    FailureBreaker breaker = breaker(50, 4, 4, 3);
    calls(breaker, "SFFF");
    ticker.advance(Duration.ofSeconds(10));
    assertThat(breaker.tryAcquirePermission()).as("still open at exactly openFor").isFalse();
    ticker.advanceNanos(1);

    assertThat(breaker.tryAcquirePermission()).isTrue();
    assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
    assertThat(breaker.retryAfterSeconds()).isZero();
    assertThat(breaker.tryAcquirePermission()).isTrue();
    assertThat(breaker.tryAcquirePermission()).isTrue();
    assertThat(breaker.tryAcquirePermission()).as("only 3 probes").isFalse();

    breaker.onSuccess(MS);
    breaker.onSuccess(MS);
    assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
    breaker.onSuccess(MS);
    assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
    assertThat(breaker.tryAcquirePermission()).isTrue();
  }

  @Test
  void aFailedProbeReopensForAnotherOpenFor() {
    FailureBreaker breaker = breaker(50, 4, 4, 3);
    calls(breaker, "FFFF");
    ticker.advance(Duration.ofSeconds(11));

    assertThat(breaker.tryAcquirePermission()).isTrue();
    assertThat(breaker.tryAcquirePermission()).isTrue();
    breaker.onSuccess(MS);
    breaker.onFailure(MS);

    assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
    assertThat(breaker.tryAcquirePermission()).isFalse();
    assertThat(breaker.retryAfterSeconds()).isEqualTo(10);
    ticker.advance(Duration.ofSeconds(11));
    assertThat(breaker.tryAcquirePermission()).isTrue();
    assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
  }

  @Test
  void fewerCallsThanProbesJudgeTheProbesWhenMinimumCallsIsSmaller() {
    FailureBreaker breaker = breaker(50, 2, 2, 3);
    calls(breaker, "FF");
    ticker.advance(Duration.ofSeconds(11));

    calls(breaker, "SS");
    assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
  }

  @Test
  void cancelledProbeFreesItsSlot() {
    FailureBreaker breaker = breaker(50, 2, 2, 1);
    calls(breaker, "FF");
    ticker.advance(Duration.ofSeconds(11));

    assertThat(breaker.tryAcquirePermission()).isTrue();
    assertThat(breaker.tryAcquirePermission()).isFalse();
    breaker.onCancelled();
    assertThat(breaker.tryAcquirePermission()).isTrue();
    breaker.onSuccess(MS);
    assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
  }

  @Test
  void longCallsAreNotFailures() {
    FailureBreaker breaker = breaker(50, 2, 2, 1);
    for (int i = 0; i < 4; i++) {
      assertThat(breaker.tryAcquirePermission()).isTrue();
      breaker.onSuccess(Duration.ofHours(2).toNanos());
    }
    assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
  }

  @ParameterizedTest
  @CsvSource({
    "0, 10, 10, 1, failureRatePercent: 0 (expected: 1..100)",
    "101, 10, 10, 1, failureRatePercent: 101 (expected: 1..100)",
    "50, 0, 1, 1, slidingWindow: 0 (expected: > 0)",
    "50, 10, 11, 1, minimumCalls: 11 (expected: 1..10)",
    "50, 10, 10, 0, halfOpenProbes: 0 (expected: > 0)",
  })
  void rejectsNonsense(int percent, int window, int minimum, int probes, String message) {
    assertThatThrownBy(() -> breaker(percent, window, minimum, probes)).hasMessage(message);
  }

  @Test
  void countsEveryTransitionIntoEachState() {
    FailureBreaker breaker = breaker(50, 4, 4, 1);
    calls(breaker, "SSS");
    assertThat(breaker.transitions(BreakerState.OPEN)).isZero();
    calls(breaker, "FF"); // 2 of the last 4: the threshold
    assertThat(breaker.transitions(BreakerState.OPEN)).isEqualTo(1);
    assertThat(breaker.transitions(BreakerState.HALF_OPEN)).isZero();
    assertThat(breaker.tryAcquirePermission()).isFalse();
    assertThat(breaker.transitions(BreakerState.OPEN))
        .as("a refusal is no transition")
        .isEqualTo(1);

    ticker.advance(Duration.ofSeconds(11));
    calls(breaker, "F"); // the probe half-opens, fails and re-opens
    assertThat(breaker.transitions(BreakerState.HALF_OPEN)).isEqualTo(1);
    assertThat(breaker.transitions(BreakerState.OPEN)).isEqualTo(2);

    ticker.advance(Duration.ofSeconds(11));
    calls(breaker, "S"); // the probe half-opens, succeeds and closes
    assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
    assertThat(breaker.transitions(BreakerState.HALF_OPEN)).isEqualTo(2);
    assertThat(breaker.transitions(BreakerState.CLOSED)).isEqualTo(1);
    assertThat(breaker.transitions(BreakerState.OPEN)).isEqualTo(2);
  }
}
