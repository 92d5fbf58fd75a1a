package io.mcpedge.core.credential;

import io.mcpedge.core.config.CacheConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;

/**
 * What the edge calls a request's credential, in one place for every policy that reads it: the
 * first value of the configured credential header (the gateway's {@code AUTH_HEADER_NAME}, {@code
 * Authorization} by default) and the configured credential cookies ({@code jwt_token}, {@code
 * access_token}) of every {@code Cookie} line (RFC 6265 §4.2.1). Both come from {@code
 * cache.credentialHeader} and {@code cache.credentialCookies}.
 *
 * <p>The credential is named by {@link #hash}: per-credential cache entries are keyed on it and
 * {@code key: credential} rate-limit buckets are kept per it, so the two always agree on who is
 * who. The name covers all of the material, header and cookies: the same token sent as a header and
 * as a cookie is two credentials (two cache entries, two buckets), which costs the cache a second
 * entry and can never serve one client's answer to another. Consistent hashing reads {@link
 * #affinityKey}: the ring keeps no key, so it needs no hash of the secret, and hashing the value as
 * sent keeps each client on the endpoint it had.
 *
 * <p>Only the first line of the header counts: the gateway's server (Starlette) reads the first one
 * too, and a second line must not give a client a fresh cache scope or bucket.
 */
public final class Credential {

  private static final byte[] H_PREFIX = {'h', '='};
  private static final byte[] NEWLINE = {'\n'};

  private final String header;
  private final List<String> cookies;
  private final CredentialHash hash = new CredentialHash();

  /**
   * @param header the credential header's name (any case), or {@code null} for none
   * @param cookies the names of the cookies that carry a credential, in the order they are hashed
   */
  public Credential(String header, List<String> cookies) {
    // Interned, so that a header view can recognise a well-known name by identity (lookups are
    // case-insensitive, so the lowercase form finds the same header).
    this.header = header == null ? null : header.toLowerCase(Locale.ROOT).intern();
    this.cookies = List.copyOf(cookies);
  }

  /** The credential the {@code cache} section defines. */
  public static Credential of(CacheConfig config) {
    return new Credential(config.credentialHeader(), config.credentialCookies());
  }

  /** The credential header's name in lowercase (interned), or {@code null} when none is set. */
  public String header() {
    return header;
  }

  /** Whether the request carries the credential header or a credential cookie. */
  public boolean present(HeaderLookup headers) {
    if (header != null && headers.contains(header)) {
      return true;
    }
    if (!cookies.isEmpty()) {
      for (String cookieLine : headers.getAll("cookie")) {
        for (String name : cookies) {
          if (cookieValue(cookieLine, name) != null) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /**
   * The name of the request's credential ({@link CredentialHash}), or {@code null} when it carries
   * none. The hashed material is {@code h=<header>\n}, then {@code c=<name>=<value>\n} per
   * credential cookie in the configured order (and in line order for a name sent twice), so the
   * order of the cookies in the request does not matter.
   */
  public String hash(HeaderLookup headers) {
    // Fed to the digest piece by piece: no intermediate string is built on a cache hit's path.
    MessageDigest digest = null;
    String value = header == null ? null : headers.get(header);
    if (value != null) {
      digest = hash.begin();
      digest.update(H_PREFIX);
      digest.update(value.trim().getBytes(StandardCharsets.UTF_8));
      digest.update(NEWLINE);
    }
    if (!cookies.isEmpty()) {
      List<String> lines = headers.getAll("cookie");
      for (String name : cookies) {
        for (String cookieLine : lines) {
          String cookie = cookieValue(cookieLine, name);
          if (cookie != null) {
            if (digest == null) {
              digest = hash.begin();
            }
            digest.update(("c=" + name + '=' + cookie + '\n').getBytes(StandardCharsets.UTF_8));
          }
        }
      }
    }
    return digest == null ? null : CredentialHash.finish(digest);
  }

  /**
   * The name a header value gets when it is a request's only credential: what {@link #hash} gives
   * for a request that carries {@code value} in the credential header and no credential cookie.
   * Rate limiting by another header ({@code key: header}, an API key) names its buckets with it, so
   * every secret the edge hashes is named one way. {@code null} for {@code null}.
   */
  public String hashHeaderValue(String value) {
    if (value == null) {
      return null;
    }
    MessageDigest digest = hash.begin();
    digest.update(H_PREFIX);
    digest.update(value.trim().getBytes(StandardCharsets.UTF_8));
    digest.update(NEWLINE);
    return CredentialHash.finish(digest);
  }

  /**
   * What keeps a client on one endpoint: the credential header's value as sent, else the value of
   * the first credential cookie present (in the configured order), else {@code null}.
   */
  public String affinityKey(HeaderLookup headers) {
    String value = header == null ? null : headers.get(header);
    if (value != null || cookies.isEmpty()) {
      return value;
    }
    List<String> lines = headers.getAll("cookie");
    for (String name : cookies) {
      for (String cookieLine : lines) {
        String cookie = cookieValue(cookieLine, name);
        if (cookie != null) {
          return cookie;
        }
      }
    }
    return null;
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
}
