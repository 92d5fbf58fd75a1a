package io.mcpedge.cache;

import java.util.Objects;

/**
 * The primary key of a stored response (RFC 9111 §4.1 before {@code Vary} is applied).
 *
 * <p>GET and HEAD share entries, and they are the only methods ever stored, so the method class is
 * implied rather than spelled out. The URI is kept apart from the credential scope so that one URL
 * can be invalidated across every scope at once (§4.4).
 *
 * @param uri normalised absolute URI: {@code scheme://host[:port]/path[?query]}
 * @param scope empty for entries shared by every client; otherwise the credential scope
 */
public record CacheKey(String uri, String scope) {

  /** The scope of per-credential entries stored for requests that carry no credential. */
  public static final String ANONYMOUS = "anonymous";

  public CacheKey {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(scope, "scope");
  }

  /**
   * Bytes a stored key costs the heap beside its responses: this record and its two strings, the
   * store's node for it (Caffeine's entry with its expiry and eviction links, and the map's entry)
   * and its place in the index by URI (a map entry and a set of keys).
   */
  public long weight() {
    return 16 + 40L + uri.length() + 40L + scope.length() + 128 + 256;
  }

  /** A key shared by every client. */
  public static CacheKey shared(String uri) {
    return new CacheKey(uri, "");
  }
}
