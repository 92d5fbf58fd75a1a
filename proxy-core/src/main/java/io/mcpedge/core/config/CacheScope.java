package io.mcpedge.core.config;

/** Who may be served an entry stored by a route. */
public enum CacheScope {
  /**
   * RFC 9111 shared-cache rules: a request with credentials is served from a shared entry only when
   * the response allows it (§3.5).
   */
  SHARED,
  /** Entries keyed by a hash of the request's credential: served only to the same credential. */
  PER_CREDENTIAL,
  /** Declared public: one entry for every client, credentials ignored (static assets). */
  PUBLIC
}
