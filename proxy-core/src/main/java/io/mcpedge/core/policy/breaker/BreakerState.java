package io.mcpedge.core.policy.breaker;

/** The state of a {@link FailureBreaker}, as reported to metrics and the admin endpoint. */
public enum BreakerState {
  /** Calls pass; outcomes are counted. */
  CLOSED,
  /** Calls are refused with {@code 503} and {@code Retry-After}. */
  OPEN,
  /** A few probe calls pass; their outcome decides between closing and re-opening. */
  HALF_OPEN
}
