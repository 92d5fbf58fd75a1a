package io.mcpedge.core.config;

/** What a {@code scope: global} limit does while Redis is slow or unreachable. */
public enum RateLimitFallback {
  /**
   * Enforce a local share: {@code fallbackRequestsPerSecond}, or the limit divided by the replicas
   * last seen alive, so that the replicas together stay near the limit.
   */
  LOCAL_SHARE,
  /** Admit every request (availability over the limit). */
  OPEN,
  /** Refuse every request with 429 (the limit over availability). */
  CLOSED
}
