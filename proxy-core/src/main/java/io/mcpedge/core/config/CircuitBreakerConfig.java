package io.mcpedge.core.config;

/**
 * Envoy-style overload thresholds of one upstream, plus an optional failure-rate breaker.
 *
 * @param maxConnections most upstream connections open at once across the process
 * @param maxPendingRequests most requests waiting for a connection
 * @param maxRequests most requests in flight
 * @param failure {@code null} when the failure-rate breaker is disabled
 */
public record CircuitBreakerConfig(
    int maxConnections, int maxPendingRequests, int maxRequests, FailureBreakerConfig failure) {}
