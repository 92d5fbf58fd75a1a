package io.mcpedge.cache;

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
    if (t.indexOf('%') < 0) {
      return t;
    }
    StringBuilder sb = new StringBuilder(t.length());
    int n = t.length();
    for (int i = 0; i < n; i++) {
      char c = t.charAt(i);
      if (c == '%' && i + 2 < n && hex(t.charAt(i + 1)) >= 0 && hex(t.charAt(i + 2)) >= 0) {
        char decoded = (char) (hex(t.charAt(i + 1)) * 16 + hex(t.charAt(i + 2)));
        if (unreserved(decoded)) {
          sb.append(decoded);
        } else {
          sb.append('%')
              .append(Character.toUpperCase(t.charAt(i + 1)))
              .append(Character.toUpperCase(t.charAt(i + 2)));
        }
        i += 2;
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }

  // RFC 3986 §2.3
  private static boolean unreserved(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~';
  }
}
