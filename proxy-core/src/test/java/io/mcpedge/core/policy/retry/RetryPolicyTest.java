package io.mcpedge.core.policy.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpedge.core.config.RetryConfig;
import io.mcpedge.core.config.RetryOn;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryPolicyTest {

  private static RetryPolicy policy(String triggers, Set<Integer> codes) {
    Set<RetryOn> on =
        triggers.isEmpty()
            ? EnumSet.noneOf(RetryOn.class)
            : Stream.of(triggers.split("\\+")).map(RetryOn::valueOf).collect(Collectors.toSet());
    return new RetryPolicy(
        new RetryConfig(2, on, codes, null, Duration.ofMillis(25), Duration.ofMillis(250), 20, 3));
  }

  @ParameterizedTest(name = "[{index}] on {0}: {2} {3} ({1}) -> {7}")
  @CsvSource({
    // triggers, method, outcome, status, retriesDone, bodyReplayable, responseStarted, expected
    "FIVE_XX, GET, RESPONSE, 503, 0, true, false, RETRY",
    "FIVE_XX, GET, RESPONSE, 500, 1, true, false, RETRY",
    "FIVE_XX, GET, RESPONSE, 502, 2, true, false, EXHAUSTED",
    "FIVE_XX, GET, RESPONSE, 404, 0, true, false, NOT_RETRIABLE",
    "FIVE_XX, GET, RESPONSE, 200, 0, true, false, NOT_RETRIABLE",
    "FIVE_XX, GET, RESET, 0, 0, true, false, RETRY",
    "FIVE_XX, GET, CONNECT_FAILURE, 0, 0, true, false, RETRY",
    "FIVE_XX, GET, PER_TRY_TIMEOUT, 0, 0, true, false, RETRY",
    "FIVE_XX, GET, RESPONSE, 503, 0, true, true, RESPONSE_STARTED",
    "FIVE_XX, GET, RESET, 0, 0, true, true, RESPONSE_STARTED",
    "FIVE_XX, PUT, RESPONSE, 503, 0, false, false, UNSAFE",
    "FIVE_XX, DELETE, RESPONSE, 503, 0, true, false, RETRY",
    // non-idempotent: only when the upstream cannot have acted
    "FIVE_XX, POST, RESPONSE, 503, 0, true, false, UNSAFE",
    "FIVE_XX, POST, PER_TRY_TIMEOUT, 0, 0, true, false, UNSAFE",
    "FIVE_XX, POST, CONNECT_FAILURE, 0, 0, true, false, RETRY",
    "FIVE_XX, POST, RESET, 0, 0, true, false, RETRY",
    "FIVE_XX, POST, RESET, 0, 0, false, false, UNSAFE",
    "FIVE_XX, POST, CONNECT_FAILURE, 0, 0, false, false, UNSAFE",
    "FIVE_XX, PATCH, RESET, 0, 0, true, true, RESPONSE_STARTED",
    // narrower triggers
    "RESET, GET, RESPONSE, 503, 0, true, false, NOT_RETRIABLE",
    "RESET, GET, RESET, 0, 0, true, false, RETRY",
    "RESET, GET, PER_TRY_TIMEOUT, 0, 0, true, false, RETRY",
    "RESET, GET, CONNECT_FAILURE, 0, 0, true, false, NOT_RETRIABLE",
    "CONNECT_FAILURE, GET, CONNECT_FAILURE, 0, 0, true, false, RETRY",
    "CONNECT_FAILURE, GET, RESET, 0, 0, true, false, NOT_RETRIABLE",
    "RETRIABLE_STATUS_CODES, GET, RESPONSE, 429, 0, true, false, RETRY",
    "RETRIABLE_STATUS_CODES, GET, RESPONSE, 503, 0, true, false, NOT_RETRIABLE",
    "RETRIABLE_STATUS_CODES, POST, RESPONSE, 429, 0, true, false, UNSAFE",
    "FIVE_XX+RETRIABLE_STATUS_CODES, GET, RESPONSE, 504, 0, true, false, RETRY",
    "'', GET, RESET, 0, 0, true, false, NOT_RETRIABLE",
  })
  void decides(
      String triggers,
      String method,
      AttemptOutcome outcome,
      int status,
      int retriesDone,
      boolean bodyReplayable,
      boolean responseStarted,
      RetryDecision expected) {
    RetryPolicy policy = policy(triggers, Set.of(429));
    RetryDecision decision =
        policy.decide(
            retriesDone,
            outcome,
            status,
            RetryPolicy.isIdempotent(method),
            bodyReplayable,
            responseStarted);
    assertThat(decision).isEqualTo(expected);
    assertThat(decision.retry()).isEqualTo(expected == RetryDecision.RETRY);
  }

  @ParameterizedTest
  @CsvSource({
    "GET, true",
    "HEAD, true",
    "OPTIONS, true",
    "TRACE, true",
    "PUT, true",
    "DELETE, true",
    "POST, false",
    "PATCH, false",
    "CONNECT, false",
    "get, false"
  })
  void idempotentMethodsPerRfc9110(String method, boolean idempotent) {
    assertThat(RetryPolicy.isIdempotent(method)).isEqualTo(idempotent);
  }

  @ParameterizedTest
  @CsvSource({"99", "600"})
  void rejectsImpossibleStatusCodes(int code) {
    assertThatThrownBy(() -> policy("RETRIABLE_STATUS_CODES", Set.of(code)))
        .hasMessage("retriableStatusCodes: " + code + " (expected: 100..599)");
  }
}
