package io.mcpedge.cache;

import io.mcpedge.cache.http.HeaderView;
import io.mcpedge.core.config.CacheConfig;
import io.mcpedge.core.config.CacheScope;
import io.mcpedge.core.config.RouteCacheConfig;
import io.mcpedge.core.credential.Credential;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds primary cache keys and recognises credentials in requests.
 *
 * <p>A per-credential route keys entries on the {@link Credential#hash name of the credential} (the
 * configured credential header and credential cookies), so that one client's answer is never served
 * to another. The raw credential never enters the store.
 */
public final class CacheKeys {

  private final Credential credential;
  private final String credentialHeader;

  public CacheKeys(CacheConfig config) {
    this.credential = Credential.of(config);
    this.credentialHeader = credential.header();
  }

  /** The key of a GET or HEAD request on a route with the given policy. */
  public CacheKey key(RouteCacheConfig route, CacheRequest request) {
    String uri = UriNormaliser.normalise(request.scheme(), request.authority(), request.target());
    if (route.scope() != CacheScope.PER_CREDENTIAL) {
      return CacheKey.shared(uri);
    }
    String hash = credential.hash(request.headers());
    return new CacheKey(uri, hash == null ? CacheKey.ANONYMOUS : hash);
  }

  /**
   * The {@code Vary} field names a stored entry is keyed on. A {@link CacheScope#PUBLIC} route
   * promises that its answers are the same for every client, so the fields that carry credentials
   * ({@code Authorization}, the configured credential header, {@code Cookie}) select no variant
   * there: the gateway's {@code Vary: Authorization} on static assets would otherwise give every
   * token its own copy, and a token-bearing request no stale copy when the gateway is down.
   */
  public List<String> keyedVary(RouteCacheConfig route, List<String> varyNames) {
    if (route.scope() != CacheScope.PUBLIC || varyNames == VaryKey.STAR) {
      return varyNames;
    }
    List<String> out = new ArrayList<>(varyNames.size());
    for (String name : varyNames) {
      if (!name.equals("authorization")
          && !name.equals("cookie")
          && !name.equals(credentialHeader)) {
        out.add(name);
      }
    }
    return out.size() == varyNames.size() ? varyNames : List.copyOf(out);
  }

  /**
   * Whether the request carries a credential: {@code Authorization} (RFC 9111 §3.5), the configured
   * credential header, or a credential cookie.
   */
  public boolean hasCredentials(HeaderView headers) {
    return headers.contains("authorization") || credential.present(headers);
  }
}
