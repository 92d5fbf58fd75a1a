package io.mcpedge.core.config;

import java.time.Duration;

/**
 * A failure-rate circuit breaker: opens when the share of failures (5xx, resets, timeouts) in a
 * sliding window of calls reaches the threshold.
 *
 * @param failureRatePercent threshold in percent, 1..100
 * @param slidingWindow number of most recent calls considered
 * @param minimumCalls calls needed before the rate is judged
 * @param openFor how long the breaker stays open before half-opening
 * @param halfOpenProbes calls let through while half-open
 * @param perEndpoint one breaker per endpoint instead of one per upstream
 */
public record FailureBreakerConfig(
    int failureRatePercent,
    int slidingWindow,
    int minimumCalls,
    Duration openFor,
    int halfOpenProbes,
    boolean perEndpoint) {}
