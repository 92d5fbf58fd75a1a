package io.mcpedge.core.config;

import java.time.Duration;

/**
 * The admin listener: the probes ({@code /health}, {@code /ready}), the metrics, and the operator
 * pages and calls that need the token ({@code /upstreams}, {@code /config}, the cache's).
 *
 * @param token bearer token that every page beyond the probes and the metrics requires; {@code
 *     null} when not configured, in which case those pages are refused
 * @param idleTimeout how long an admin connection may stay silent in both directions before it is
 *     closed (a request head must also arrive within {@code server.clientHeaderTimeout})
 */
public record AdminConfig(HostPort address, String token, Duration idleTimeout) {

  /** The idle timeout when none is configured. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);

  /** An admin listener with the default idle timeout. */
  public AdminConfig(HostPort address, String token) {
    this(address, token, DEFAULT_IDLE_TIMEOUT);
  }
}
