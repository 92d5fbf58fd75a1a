package io.mcpedge.core.config;

/** What a rate-limit bucket is kept per. */
public enum RateLimitKey {
  /** One bucket for the whole route. */
  ROUTE,
  /** One bucket per client IP address. */
  CLIENT_ADDRESS,
  /**
   * One bucket per credential: the hash of the credential header and the credential cookies, the
   * name per-credential cache entries are keyed on ({@link io.mcpedge.core.credential.Credential}).
   */
  CREDENTIAL,
  /** One bucket per value of a named header. */
  HEADER
}
