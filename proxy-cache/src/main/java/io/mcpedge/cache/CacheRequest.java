package io.mcpedge.cache;

import io.mcpedge.cache.http.HeaderView;
import java.util.Objects;

/**
 * The parts of a downstream request that the cache looks at.
 *
 * @param method upper-case request method
 * @param scheme {@code http} or {@code https}
 * @param authority the {@code Host} / {@code :authority}, possibly with a port
 * @param target the request target in origin form: path and optional query
 * @param headers the request headers, usually a view over the server's own header object
 */
public record CacheRequest(
    String method, String scheme, String authority, String target, HeaderView headers) {

  public CacheRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(authority, "authority");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(headers, "headers");
  }

  /** GET and HEAD are the only methods whose responses the cache stores or serves. */
  public boolean isCacheableMethod() {
    return method.equals("GET") || method.equals("HEAD");
  }
}
