package io.mcpedge.server.mcp.cache;

import io.mcpedge.cache.CacheKey;
import io.mcpedge.cache.HttpCache;
import io.mcpedge.cache.StoredResponse;
import io.mcpedge.cache.Timing;
import io.mcpedge.cache.http.Fields;
import io.mcpedge.core.config.McpCacheConfig;
import java.time.Duration;
import java.time.InstantSource;

/**
 * MCP results in the HTTP cache's store: they share its memory bound, its eviction, its index for
 * invalidation and its coalescer, so a server has one cache whose size {@code cache.maxSize}
 * bounds, whatever mix of HTTP responses and MCP results it holds. A result is stored as the bytes
 * of its JSON-RPC {@code result} (no id), with the format its server answered in; freshness is its
 * {@code ttlMs} (MCP specification 2026-07-28, server/utilities/caching, "Time-to-Live"), or the
 * route's {@code defaultTtl} when it has none, and a stale result is never served (the page defines
 * no revalidation).
 */
final class McpResults {

  /** A longer {@code ttlMs} is kept for a year: the store's arithmetic stays in range. */
  static final long MAX_TTL_MS = Duration.ofDays(365).toMillis();

  static final String CONTENT_TYPE = "content-type";

  private final HttpCache cache;
  private final InstantSource clock;

  McpResults(HttpCache cache, InstantSource clock) {
    this.cache = cache;
    this.clock = clock;
  }

  HttpCache cache() {
    return cache;
  }

  long now() {
    return clock.millis();
  }

  /** The fresh entry under {@code key}, or {@code null}; a stale one is dropped on the way. */
  StoredResponse fresh(CacheKey key) {
    StoredResponse e = cache.store().find(key, Fields.of());
    if (e == null) {
      return null;
    }
    if (e.timing().isFresh(clock.millis())) {
      return e;
    }
    cache.store().remove(e);
    return null;
  }

  /**
   * How long a result of {@code method} may be kept, in milliseconds: its {@code ttlMs}, else the
   * route's default; {@code 0} when it must not be stored.
   */
  static long ttl(McpResult r, String method, McpCacheConfig config, boolean roundTripRetry) {
    if (roundTripRetry || r.inputRequired()) {
      return 0;
    }
    if (r.ttlMs() >= 0) {
      return Math.min(r.ttlMs(), MAX_TTL_MS);
    }
    Duration d = config.defaultTtl(method);
    return d == null ? 0 : Math.min(d.toMillis(), MAX_TTL_MS);
  }

  /**
   * Stores {@code r} under {@code key} for {@code ttl} ms unless its family was invalidated since
   * {@code sentAt}, when the request that produced it went upstream; returns whether it stayed.
   */
  boolean store(CacheKey key, McpResult r, boolean sse, long ttl, long sentAt) {
    long now = clock.millis();
    Timing timing = new Timing(now, 0, ttl, 0, 0, false, true);
    Fields headers = Fields.of(CONTENT_TYPE, sse ? "text/event-stream" : "application/json");
    StoredResponse entry = StoredResponse.unvaried(key, 200, headers, r.result(), timing);
    return cache.store().putUnlessInvalidatedSince(entry, sentAt);
  }

  /** Whether a stored entry was an event stream. */
  static boolean isSse(StoredResponse e) {
    return "text/event-stream".equals(e.headers().get(CONTENT_TYPE));
  }
}
