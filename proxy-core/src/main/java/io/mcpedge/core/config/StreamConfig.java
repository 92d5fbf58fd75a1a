package io.mcpedge.core.config;

import java.time.Duration;

/**
 * Streaming behaviour of a route.
 *
 * @param sseKeepalive when an SSE stream has carried nothing for this long, a {@code : keepalive}
 *     comment is sent at an event boundary; {@code null} to never inject one
 */
public record StreamConfig(Duration sseKeepalive) {
  public static final StreamConfig NONE = new StreamConfig(null);
}
