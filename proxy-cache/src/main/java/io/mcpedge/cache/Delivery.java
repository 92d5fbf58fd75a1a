package io.mcpedge.cache;

import io.mcpedge.cache.http.Fields;

/**
 * How to write one answer from the store, so the server does no HTTP reasoning on the hit path.
 *
 * <p>The server writes {@code status}, then {@code headers} (for 200 and 206 these are the entry's
 * stored headers, which it may keep pre-encoded in {@link StoredResponse#attach}), then {@code
 * Content-Length: length} (except for 304), {@code Content-Range} when non-null, {@code Age},
 * {@code X-Cache} and {@code Cache-Status}, and finally, if {@code includeBody}, the bytes {@code
 * [offset .. offset+length)} of {@code entry.body()} without copying them (under a reference of its
 * own, for a body outside the heap).
 */
public record Delivery(
    int status,
    StoredResponse entry,
    Fields headers,
    int offset,
    int length,
    boolean includeBody,
    String contentRange,
    long ageSeconds,
    String xCache,
    String cacheStatus) {

  /** The same delivery with another {@code Cache-Status} value (a collapsed or stale answer). */
  public Delivery withCacheStatus(String status) {
    return new Delivery(
        this.status,
        entry,
        headers,
        offset,
        length,
        includeBody,
        contentRange,
        ageSeconds,
        xCache,
        status);
  }

  /** Whether {@code headers} are the entry's own stored headers (the pre-encodable case). */
  public boolean usesStoredHeaders() {
    return headers == entry.headers();
  }
}
