package io.mcpedge.cache;

import io.mcpedge.cache.http.HeaderView;
import io.mcpedge.core.config.CacheConfig;
import io.mcpedge.core.config.CacheScope;
import io.mcpedge.core.config.RouteCacheConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Builds primary cache keys and recognises credentials in requests.
 *
 * <p>A per-credential route keys entries on a SHA-256 hash (truncated to 128 bits) of the
 * configured credential header and credential cookies, so that one client's answer is never served
 * to another. The raw credential never enters the store.
 */
public final class CacheKeys {

  private final String credentialHeader;
  private final List<String> credentialCookies;

  /**
   * Never updated, only cloned: a clone skips the provider lookup of {@link
   * MessageDigest#getInstance}, which costs more than hashing a token.
   */
  private final MessageDigest sha256 = sha256();

  public CacheKeys(CacheConfig config) {
    // Interned, so that a header view can recognise a well-known name by identity (lookups are
    // case-insensitive, so the lowercase form finds the same header).
    String h = config.credentialHeader();
    this.credentialHeader = h == null ? null : h.toLowerCase(Locale.ROOT).intern();
    this.credentialCookies = config.credentialCookies();
  }

  /** The key of a GET or HEAD request on a route with the given policy. */
  public CacheKey key(RouteCacheConfig route, CacheRequest request) {
    String uri = UriNormaliser.normalise(request.scheme(), request.authority(), request.target());
    if (route.scope() != CacheScope.PER_CREDENTIAL) {
      return CacheKey.shared(uri);
    }
    String hash = credentialHash(request.headers());
    return new CacheKey(uri, hash == null ? CacheKey.ANONYMOUS : hash);
  }

  /**
   * Whether the request carries a credential: {@code Authorization} (RFC 9111 §3.5), the configured
   * credential header, or a credential cookie.
   */
  public boolean hasCredentials(HeaderView headers) {
    if (headers.contains("authorization")
        || (credentialHeader != null && headers.contains(credentialHeader))) {
      return true;
    }
    for (String cookieLine : headers.getAll("cookie")) {
      for (String name : credentialCookies) {
        if (cookieValue(cookieLine, name) != null) {
          return true;
        }
      }
    }
    return false;
  }

  /** A hash of the request's credential, or {@code null} when it carries none. */
  String credentialHash(HeaderView headers) {
    StringBuilder material = new StringBuilder();
    String header = credentialHeader == null ? null : headers.get(credentialHeader);
    if (header != null) {
      material.append("h=").append(header.trim()).append('\n');
    }
    for (String name : credentialCookies) {
      for (String cookieLine : headers.getAll("cookie")) {
        String value = cookieValue(cookieLine, name);
        if (value != null) {
          material.append("c=").append(name).append('=').append(value).append('\n');
        }
      }
    }
    if (material.length() == 0) {
      return null;
    }
    byte[] digest = freshSha256().digest(material.toString().getBytes(StandardCharsets.UTF_8));
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(java.util.Arrays.copyOf(digest, 16));
  }

  /** The value of a cookie in one {@code Cookie} line (RFC 6265 §4.2.1), or {@code null}. */
  static String cookieValue(String cookieLine, String name) {
    int i = 0;
    int n = cookieLine.length();
    while (i < n) {
      int end = cookieLine.indexOf(';', i);
      if (end < 0) {
        end = n;
      }
      int eq = cookieLine.indexOf('=', i);
      if (eq > 0 && eq < end && cookieLine.substring(i, eq).trim().equals(name)) {
        return cookieLine.substring(eq + 1, end).trim();
      }
      i = end + 1;
    }
    return null;
  }

  private MessageDigest freshSha256() {
    try {
      return (MessageDigest) sha256.clone();
    } catch (CloneNotSupportedException e) {
      return sha256();
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
