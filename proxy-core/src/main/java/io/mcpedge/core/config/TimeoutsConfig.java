package io.mcpedge.core.config;

import java.time.Duration;

/**
 * Per-route timeouts.
 *
 * @param request the whole exchange, from the request head to the end of the response; for streams
 *     (SSE, WebSocket) this is the stream's lifetime
 * @param idle no bytes in either direction for this long ends the exchange; {@code null} for none
 */
public record TimeoutsConfig(Duration request, Duration idle) {}
