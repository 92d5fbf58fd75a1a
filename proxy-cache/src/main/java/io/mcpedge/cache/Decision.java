package io.mcpedge.cache;

/** What the data plane does with a request after looking it up. */
public enum Decision {
  /** The route or request does not use the cache: forward, do not store. */
  BYPASS,
  /** Nothing usable is stored: forward, then store the answer if it is storable. */
  MISS,
  /** A fresh entry answers the request. */
  FRESH_HIT,
  /** A stale entry answers the request because the client's {@code max-stale} allows it. */
  STALE_HIT,
  /**
   * A stale entry answers the request inside its stale-while-revalidate window; the server also
   * refreshes it once in the background (RFC 5861 §3).
   */
  STALE_WHILE_REVALIDATE,
  /**
   * A stored entry needs validation: forward with its validators ({@link
   * LookupResult#validators()}); a 304 updates it, anything else replaces it.
   */
  MUST_REVALIDATE,
  /** {@code only-if-cached} and nothing usable is stored: answer 504 (RFC 9111 §5.2.1.7). */
  GATEWAY_TIMEOUT;

  /** Whether the response comes from the store without waiting for the upstream. */
  public boolean servedFromCache() {
    return this == FRESH_HIT || this == STALE_HIT || this == STALE_WHILE_REVALIDATE;
  }
}
