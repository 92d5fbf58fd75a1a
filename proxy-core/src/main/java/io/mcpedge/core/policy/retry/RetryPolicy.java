package io.mcpedge.core.policy.retry;

import io.mcpedge.core.config.RetryConfig;
import io.mcpedge.core.config.RetryOn;
import io.mcpedge.core.policy.Checks;
import java.util.Set;

/**
 * Decides whether a failed upstream attempt may be sent again, from a route's {@link RetryConfig}
 * and what is known about the request. It exists so that the rules of safety live in one place:
 * retrying can duplicate a side effect (an MCP tool call is a {@code POST}), and a request whose
 * body has streamed away cannot be replayed at all.
 *
 * <p>Triggers follow Envoy's names: {@code 5xx} covers 5xx answers, resets, connect failures and
 * per-try timeouts; {@code reset} covers resets and per-try timeouts; {@code connect-failure} only
 * connect failures; {@code retriable-status-codes} the listed codes.
 *
 * <p>Safety, stricter than Envoy (which retries any method):
 *
 * <ul>
 *   <li>never once a response byte has been sent to the client;
 *   <li>never when the request body was not buffered completely (it cannot be replayed);
 *   <li>idempotent methods (RFC 9110 §9.2.2) on any configured trigger;
 *   <li>other methods only when the upstream cannot have acted on the request: a connect failure,
 *       or a reset before any response byte. A status code or a timeout means the origin has the
 *       request and may be executing it, so it is not replayed.
 * </ul>
 *
 * <p>Immutable and thread-safe; decisions allocate nothing.
 */
public final class RetryPolicy {

  private final int numRetries;
  private final boolean on5xx;
  private final boolean onReset;
  private final boolean onConnectFailure;
  private final boolean onRetriableStatus;
  private final boolean[] retriableStatus = new boolean[600];

  public RetryPolicy(RetryConfig config) {
    Checks.present("retry", config);
    this.numRetries = (int) Checks.nonNegative("numRetries", config.numRetries());
    Set<RetryOn> on = config.retryOn();
    this.on5xx = on.contains(RetryOn.FIVE_XX);
    this.onReset = on.contains(RetryOn.RESET);
    this.onConnectFailure = on.contains(RetryOn.CONNECT_FAILURE);
    this.onRetriableStatus = on.contains(RetryOn.RETRIABLE_STATUS_CODES);
    for (int code : config.retriableStatusCodes()) {
      retriableStatus[Checks.inRange("retriableStatusCodes", code, 100, 599)] = true;
    }
  }

  /**
   * Judges one finished attempt.
   *
   * @param retriesDone retries already sent for this request (0 after the first attempt)
   * @param outcome how the attempt ended
   * @param status the response status when {@code outcome} is {@link AttemptOutcome#RESPONSE}
   * @param idempotentMethod whether the method is idempotent ({@link #isIdempotent(String)})
   * @param bodyReplayable whether the request had no body or its body is buffered completely
   * @param responseStarted whether any byte of the response was sent to the client
   */
  public RetryDecision decide(
      int retriesDone,
      AttemptOutcome outcome,
      int status,
      boolean idempotentMethod,
      boolean bodyReplayable,
      boolean responseStarted) {
    if (!isTrigger(outcome, status)) {
      return RetryDecision.NOT_RETRIABLE;
    }
    if (responseStarted) {
      return RetryDecision.RESPONSE_STARTED;
    }
    if (!bodyReplayable || !(idempotentMethod || upstreamCannotHaveActed(outcome))) {
      return RetryDecision.UNSAFE;
    }
    if (retriesDone >= numRetries) {
      return RetryDecision.EXHAUSTED;
    }
    return RetryDecision.RETRY;
  }

  private static boolean upstreamCannotHaveActed(AttemptOutcome outcome) {
    return outcome == AttemptOutcome.CONNECT_FAILURE || outcome == AttemptOutcome.RESET;
  }

  private boolean isTrigger(AttemptOutcome outcome, int status) {
    return switch (outcome) {
      case RESPONSE ->
          (on5xx && status >= 500 && status <= 599)
              || (onRetriableStatus && status >= 0 && status < 600 && retriableStatus[status]);
      case CONNECT_FAILURE -> on5xx || onConnectFailure;
      case RESET, PER_TRY_TIMEOUT -> on5xx || onReset;
    };
  }

  public int numRetries() {
    return numRetries;
  }

  /** RFC 9110 §9.2.2: methods whose repetition has the same effect as a single request. */
  public static boolean isIdempotent(String method) {
    return switch (method) {
      case "GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE" -> true;
      default -> false;
    };
  }
}
