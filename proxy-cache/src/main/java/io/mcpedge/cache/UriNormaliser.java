package io.mcpedge.cache;

import io.mcpedge.core.http.PercentEncoding;
import java.util.Locale;

/**
 * Turns a request's scheme, authority and target into the URI that keys the cache.
 *
 * <p>Only equivalences that RFC 3986 §6.2.2 guarantees are applied: scheme and host are
 * lower-cased, the scheme's default port is dropped (§6.2.3), percent-encodings get upper-case hex
 * digits and encoded unreserved characters are decoded (§6.2.2.1, §6.2.2.2), and a fragment is
 * removed. Query parameters keep their order because origins may give it meaning.
 */
public final class UriNormaliser {

  private UriNormaliser() {}

  /** The normalised absolute URI of a request. */
  public static String normalise(String scheme, String authority, String target) {
    String s = scheme.toLowerCase(Locale.ROOT);
    return s + "://" + authority(s, authority) + target(target);
  }

  static String authority(String scheme, String authority) {
    String a = authority.toLowerCase(Locale.ROOT);
    int colon = a.lastIndexOf(':');
    if (colon > a.lastIndexOf(']')) {
      String port = a.substring(colon + 1);
      if (port.isEmpty()
          || (scheme.equals("http") && port.equals("80"))
          || (scheme.equals("https") && port.equals("443"))) {
        return a.substring(0, colon);
      }
    }
    return a;
  }

  static String target(String target) {
    String t = target;
    int hash = t.indexOf('#');
    if (hash >= 0) {
      t = t.substring(0, hash);
    }
    if (t.isEmpty()) {
      t = "/";
    }
    return PercentEncoding.normalize(t, false);
  }
}
