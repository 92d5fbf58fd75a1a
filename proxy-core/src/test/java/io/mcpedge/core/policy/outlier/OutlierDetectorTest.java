package io.mcpedge.core.policy.outlier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpedge.core.config.OutlierDetectionConfig;
import io.mcpedge.core.policy.FakeTicker;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutlierDetectorTest {

  private final FakeTicker ticker = new FakeTicker();

  private OutlierDetector<String> detector(int percent, List<String> endpoints) {
    return new OutlierDetector<>(
        new OutlierDetectionConfig(3, Duration.ofSeconds(10), Duration.ofSeconds(35), percent),
        endpoints,
        ticker);
  }

  private static List<String> endpoints(int n) {
    return IntStream.range(0, n).mapToObj(i -> "10.0.0." + i).toList();
  }

  /** Fails the endpoint until it is ejected or refused; returns whether it was ejected. */
  private static boolean failThreeTimes(OutlierDetector<String> detector, String endpoint) {
    boolean ejected = false;
    for (int i = 0; i < 3; i++) {
      ejected |= detector.recordFailure(endpoint);
    }
    return ejected;
  }

  @Test
  void consecutiveFailuresEjectAndASuccessResetsTheStreak() {
    OutlierDetector<String> detector = detector(100, endpoints(3));
    assertThat(detector.recordFailure("10.0.0.0")).isFalse();
    assertThat(detector.recordFailure("10.0.0.0")).isFalse();
    detector.recordSuccess("10.0.0.0");
    assertThat(detector.recordFailure("10.0.0.0")).isFalse();
    assertThat(detector.recordFailure("10.0.0.0")).isFalse();
    assertThat(detector.isAvailable("10.0.0.0")).isTrue();
    assertThat(detector.recordFailure("10.0.0.0")).isTrue();
    assertThat(detector.isAvailable("10.0.0.0")).isFalse();
    assertThat(detector.isAvailable("10.0.0.1")).isTrue();
    assertThat(detector.recordFailure("10.0.0.0")).as("late failures do not extend").isFalse();
    assertThat(detector.ejections()).isEqualTo(1);
  }

  @ParameterizedTest(name = "ejection {0} lasts {1} s")
  @CsvSource({"1, 10", "2, 20", "3, 30", "4, 35", "5, 35"})
  void ejectionTimeGrowsWithEachEjectionAndIsCapped(int ejections, long seconds) {
    OutlierDetector<String> detector = detector(100, endpoints(3));
    String e = "10.0.0.1";
    for (int n = 1; n < ejections; n++) {
      assertThat(failThreeTimes(detector, e)).isTrue();
      ticker.advance(Duration.ofSeconds(Math.min(35, 10L * n)));
      assertThat(detector.isAvailable(e)).as("back after ejection %d", n).isTrue();
    }
    assertThat(failThreeTimes(detector, e)).isTrue();
    ticker.advance(Duration.ofSeconds(seconds).minusNanos(1));
    assertThat(detector.isAvailable(e)).isFalse();
    ticker.advanceNanos(1);
    assertThat(detector.isAvailable(e)).isTrue();
  }

  @Test
  void timeInServiceShrinksTheNextEjection() {
    OutlierDetector<String> detector = detector(100, endpoints(3));
    String e = "10.0.0.2";
    failThreeTimes(detector, e);
    ticker.advance(Duration.ofSeconds(10));
    failThreeTimes(detector, e); // second ejection: 20 s
    ticker.advance(Duration.ofSeconds(20));
    ticker.advance(Duration.ofSeconds(25)); // two base periods in service: 2 -> 0

    assertThat(failThreeTimes(detector, e)).isTrue();
    ticker.advance(Duration.ofSeconds(10));
    assertThat(detector.isAvailable(e)).as("judged as a first ejection again").isTrue();
  }

  @ParameterizedTest(name = "{0}% of {1} endpoints: {2} ejected")
  @CsvSource({
    "20, 10, 2",
    "50, 10, 5",
    "10, 3, 1", // at least one, as in Envoy
    "10, 1, 1",
    "34, 3, 1",
    "67, 3, 2",
    "100, 3, 3",
    "0, 3, 0", // zero disables ejection
  })
  void neverEjectsMoreThanTheMaxPercent(int percent, int size, int expected) {
    OutlierDetector<String> detector = detector(percent, endpoints(size));
    int ejected = 0;
    for (String e : endpoints(size)) {
      if (failThreeTimes(detector, e)) {
        ejected++;
      }
    }
    assertThat(ejected).isEqualTo(expected);
    assertThat(detector.ejectedCount()).isEqualTo(expected);
  }

  @Test
  void refusedEndpointIsEjectedWhenRoomFrees() {
    OutlierDetector<String> detector = detector(10, endpoints(3));
    assertThat(failThreeTimes(detector, "10.0.0.0")).isTrue();
    assertThat(failThreeTimes(detector, "10.0.0.1")).isFalse();
    ticker.advance(Duration.ofSeconds(10));
    assertThat(detector.recordFailure("10.0.0.1")).as("streak kept while refused").isTrue();
  }

  @Test
  void endpointChangesKeepTheStateOfSurvivors() {
    OutlierDetector<String> detector = detector(100, endpoints(3));
    failThreeTimes(detector, "10.0.0.0");
    detector.recordFailure("10.0.0.1");
    detector.recordFailure("10.0.0.1");

    detector.setEndpoints(List.of("10.0.0.0", "10.0.0.1", "10.0.0.9"));
    assertThat(detector.isAvailable("10.0.0.0")).isFalse();
    assertThat(detector.recordFailure("10.0.0.1")).isTrue();
    assertThat(detector.isAvailable("10.0.0.2")).as("unknown endpoints are available").isTrue();
    assertThat(detector.recordFailure("10.0.0.2")).isFalse();
  }

  @Test
  void rejectsNonsense() {
    assertThatThrownBy(() -> detector(101, endpoints(1)))
        .hasMessage("maxEjectionPercent: 101 (expected: 0..100)");
    assertThatThrownBy(
            () ->
                new OutlierDetector<>(
                    new OutlierDetectionConfig(0, Duration.ofSeconds(1), Duration.ofSeconds(2), 10),
                    endpoints(1),
                    ticker))
        .hasMessage("consecutive5xx: 0 (expected: > 0)");
    assertThatThrownBy(
            () ->
                new OutlierDetector<>(
                    new OutlierDetectionConfig(1, Duration.ofSeconds(3), Duration.ofSeconds(2), 10),
                    endpoints(1),
                    ticker))
        .hasMessage("maxEjectionTime: PT2S (expected: >= baseEjectionTime PT3S)");
  }
}
