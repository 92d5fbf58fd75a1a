package io.mcpedge.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpedge.server.exchange.Failure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How each way an attempt ends is counted: outcome, failure kind, duration. */
class UpstreamMetricsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final UpstreamMetrics metrics = new UpstreamMetrics(registry, "api");

  private double failures(String kind) {
    return registry
        .get(UpstreamMetrics.FAILURES)
        .tag("upstream", "api")
        .tag("kind", kind)
        .counter()
        .count();
  }

  private long attempts(String outcome) {
    return registry
        .get(UpstreamMetrics.DURATION)
        .tag("upstream", "api")
        .tag("outcome", outcome)
        .timer()
        .count();
  }

  @ParameterizedTest(name = "{0} -> outcome {1}, failure kind {2}")
  @CsvSource({
    "CONNECT_FAILED, connect, connect",
    "CONNECT_TIMEOUT, connect, connect",
    "UPSTREAM_RESET, reset, reset",
    "UPSTREAM_PROTOCOL, reset, reset",
    "UPSTREAM_TIMEOUT, timeout, timeout",
    "REQUEST_TIMEOUT, timeout, timeout",
    "CLIENT_CLOSED, cancelled, ",
    "OVERLOADED, overloaded, ",
  })
  void failuresByKind(Failure failure, String outcome, String kind) {
    metrics.attemptFailed(failure, TimeUnit.MILLISECONDS.toNanos(3));
    assertThat(attempts(outcome)).isEqualTo(1);
    assertThat(registry.get(UpstreamMetrics.ATTEMPTS).counter().count()).isEqualTo(1);
    for (String k : new String[] {"connect", "reset", "timeout", "5xx"}) {
      assertThat(failures(k)).as(k).isEqualTo(k.equals(kind) ? 1 : 0);
    }
  }

  @Test
  void answersByStatusClassAndA5xxIsAFailure() {
    metrics.attemptAnswered(200, TimeUnit.MILLISECONDS.toNanos(20));
    metrics.attemptAnswered(204, TimeUnit.MILLISECONDS.toNanos(40));
    metrics.attemptAnswered(503, TimeUnit.MILLISECONDS.toNanos(1));
    metrics.attemptAnswered(101, 0);
    assertThat(attempts("2xx")).isEqualTo(2);
    assertThat(attempts("5xx")).isEqualTo(1);
    assertThat(attempts("1xx")).isEqualTo(1);
    assertThat(failures("5xx")).isEqualTo(1);
    assertThat(
            registry
                .get(UpstreamMetrics.DURATION)
                .tag("outcome", "2xx")
                .timer()
                .totalTime(TimeUnit.MILLISECONDS))
        .isEqualTo(60);
    assertThat(registry.get(UpstreamMetrics.ATTEMPTS).counter().count()).isEqualTo(4);
  }
}
