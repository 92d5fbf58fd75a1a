package io.mcpedge.core.config;

import java.time.Duration;

/**
 * Upstream connection pool limits, applied per endpoint and per event loop.
 *
 * @param maxConnections HTTP/1.1: most connections open to one endpoint from one event loop
 * @param maxIdle HTTP/1.1: most idle keep-alive connections kept per endpoint and event loop
 * @param idleTimeout pooled connections unused for this long are closed
 * @param maxH2Connections h2c: most connections per endpoint and event loop; another opens only
 *     when all are at the peer's {@code SETTINGS_MAX_CONCURRENT_STREAMS}
 */
public record PoolConfig(
    int maxConnections, int maxIdle, Duration idleTimeout, int maxH2Connections) {}
