package io.mcpedge.core.config;

/** What a rate-limit bucket is kept per. */
public enum RateLimitKey {
  /** One bucket for the whole route. */
  ROUTE,
  /** One bucket per client IP address. */
  CLIENT_ADDRESS,
  /** One bucket per credential (hash of the configured credential header). */
  CREDENTIAL,
  /** One bucket per value of a named header. */
  HEADER
}
