package io.mcpedge.cache;

import io.mcpedge.cache.http.HeaderView;
import io.mcpedge.core.config.CacheConfig;
import io.mcpedge.core.config.CacheScope;
import io.mcpedge.core.config.RouteCacheConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
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

  private static final byte[] H_PREFIX = {'h', '='};
  private static final byte[] NEWLINE = {'\n'};
  private static final byte[] BASE64_URL =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
          .getBytes(StandardCharsets.US_ASCII);

  private final String credentialHeader;
  private final List<String> credentialCookies;

  /**
   * One digest per thread (an event loop hashes a credential on every per-credential request): a
   * digest is reset when it completes, so it is reused, and neither the provider lookup of {@link
   * MessageDigest#getInstance} nor a clone is paid per request.
   */
  private final ThreadLocal<MessageDigest> digests = ThreadLocal.withInitial(CacheKeys::sha256);

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
    // The material is "h=<header>\n" then "c=<name>=<value>\n" per credential cookie, fed to the
    // digest piece by piece: no intermediate string is built on a hit's path.
    MessageDigest digest = null;
    String header = credentialHeader == null ? null : headers.get(credentialHeader);
    if (header != null) {
      digest = digests.get();
      digest.update(H_PREFIX);
      digest.update(header.trim().getBytes(StandardCharsets.UTF_8));
      digest.update(NEWLINE);
    }
    if (!credentialCookies.isEmpty()) {
      List<String> lines = headers.getAll("cookie");
      for (String name : credentialCookies) {
        for (String cookieLine : lines) {
          String value = cookieValue(cookieLine, name);
          if (value != null) {
            if (digest == null) {
              digest = digests.get();
            }
            digest.update(("c=" + name + '=' + value + '\n').getBytes(StandardCharsets.UTF_8));
          }
        }
      }
    }
    return digest == null ? null : base64Url128(digest.digest());
  }

  /**
   * The first 128 bits of {@code digest} in unpadded base64url (RFC 4648 §5): 22 characters, the
   * same text as {@code Base64.getUrlEncoder().withoutPadding()} gives, without its buffers.
   */
  static String base64Url128(byte[] digest) {
    byte[] out = new byte[22];
    int o = 0;
    for (int i = 0; i < 15; i += 3) {
      int bits = (digest[i] & 0xff) << 16 | (digest[i + 1] & 0xff) << 8 | (digest[i + 2] & 0xff);
      out[o++] = BASE64_URL[bits >>> 18];
      out[o++] = BASE64_URL[(bits >>> 12) & 0x3f];
      out[o++] = BASE64_URL[(bits >>> 6) & 0x3f];
      out[o++] = BASE64_URL[bits & 0x3f];
    }
    int last = digest[15] & 0xff;
    out[o++] = BASE64_URL[last >>> 2];
    out[o] = BASE64_URL[(last & 0x3) << 4];
    return new String(out, StandardCharsets.ISO_8859_1);
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

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
