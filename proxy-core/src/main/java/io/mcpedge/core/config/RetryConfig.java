package io.mcpedge.core.config;

import java.time.Duration;
import java.util.Set;

/**
 * When and how a failed upstream attempt is retried. Retries happen only when safe: idempotent
 * methods, or a fully buffered body whose upstream never started answering.
 *
 * @param retriableStatusCodes used when {@code retryOn} contains {@link
 *     RetryOn#RETRIABLE_STATUS_CODES}
 * @param perTryTimeout {@code null} for none (the route's request timeout still applies)
 * @param budgetPercent retries in flight may be at most this share of active requests
 * @param minRetryConcurrency retries always allowed regardless of the budget
 */
public record RetryConfig(
    int numRetries,
    Set<RetryOn> retryOn,
    Set<Integer> retriableStatusCodes,
    Duration perTryTimeout,
    Duration backoffBase,
    Duration backoffMax,
    int budgetPercent,
    int minRetryConcurrency) {

  public RetryConfig {
    retryOn = Set.copyOf(retryOn);
    retriableStatusCodes = Set.copyOf(retriableStatusCodes);
  }
}
