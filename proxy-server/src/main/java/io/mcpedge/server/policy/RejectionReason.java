package io.mcpedge.server.policy;

/** Why a traffic policy refused a request (or a retry), for the rejection counters. */
public enum RejectionReason {
  /** The route's rate limit answered 429. */
  RATE_LIMITED,
  /** An open failure-rate breaker answered 503. */
  BREAKER_OPEN,
  /** The upstream's {@code maxConnections} threshold answered 503. */
  OVERLOADED_CONNECTIONS,
  /** The upstream's {@code maxPendingRequests} threshold answered 503. */
  OVERLOADED_PENDING,
  /** The upstream's {@code maxRequests} threshold answered 503. */
  OVERLOADED_REQUESTS,
  /** A retry the policy allowed was not sent because the retry budget was spent. */
  RETRY_BUDGET
}
