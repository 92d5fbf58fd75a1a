package io.mcpedge.core.policy.retry;

/** The verdict of {@link RetryPolicy} on a finished attempt, with the reason when it is "no". */
public enum RetryDecision {
  /** Send another attempt (after the budget and the backoff agree). */
  RETRY,
  /** The outcome is not one of the configured triggers (or a success). */
  NOT_RETRIABLE,
  /** {@code numRetries} retries have already been made. */
  EXHAUSTED,
  /** Replaying the request could repeat a side effect, or its body is no longer available. */
  UNSAFE,
  /** Bytes of the response already reached the client: nothing can be replaced any more. */
  RESPONSE_STARTED;

  public boolean retry() {
    return this == RETRY;
  }
}
