package io.mcpedge.core.policy.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {

  /** A generator whose uniform draw in [0, 1) is fixed by the test. */
  private record FixedRandom(double value) implements RandomGenerator {
    @Override
    public long nextLong() {
      throw new UnsupportedOperationException("only nextDouble is used");
    }

    @Override
    public double nextDouble() {
      return value;
    }
  }

  private static final long MS = 1_000_000L;

  @ParameterizedTest(name = "retry {0} with draw {1}: {2} ms")
  @CsvSource({
    "1, 0.0, 0",
    "1, 0.5, 12.5",
    "2, 0.5, 25",
    "3, 0.5, 50",
    "4, 0.5, 100",
    "5, 0.5, 125", // ceiling capped at 250 ms
    "40, 0.5, 125",
    "1000, 0.5, 125",
    "3, 0.25, 25",
  })
  void fullJitterUnderAnExponentialCeiling(int retry, double draw, double expectedMillis) {
    Backoff backoff =
        new Backoff(Duration.ofMillis(25), Duration.ofMillis(250), new FixedRandom(draw));
    assertThat(backoff.delayNanos(retry)).isEqualTo((long) (expectedMillis * MS));
  }

  @Test
  void delayStaysBelowTheCeilingForTheLargestDraw() {
    Backoff backoff =
        new Backoff(
            Duration.ofMillis(25), Duration.ofMillis(250), new FixedRandom(Math.nextDown(1.0)));
    for (int retry = 1; retry < 10; retry++) {
      assertThat(backoff.delayNanos(retry)).isLessThan(backoff.ceilingNanos(retry));
    }
    assertThat(backoff.ceilingNanos(1)).isEqualTo(25 * MS);
    assertThat(backoff.ceilingNanos(4)).isEqualTo(200 * MS);
    assertThat(backoff.ceilingNanos(5)).isEqualTo(250 * MS);
  }

  @Test
  void rejectsMaxBelowBase() {
    assertThatThrownBy(
            () -> new Backoff(Duration.ofMillis(25), Duration.ofMillis(10), new FixedRandom(0)))
        .hasMessage("backoffMax: PT0.01S (expected: >= backoffBase PT0.025S)");
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofMillis(10), new FixedRandom(0)))
        .hasMessage("backoffBase: PT0S (expected: a positive duration)");
  }
}
