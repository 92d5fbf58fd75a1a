package io.mcpedge.core.route;

import io.mcpedge.core.http.PercentEncoding;

/**
 * Puts a request path into the one form that routing, caching and the upstream all see, so that a
 * path cannot be spelled past a route: {@code /%5Finternal/x}, {@code /a/../_internal/x} and {@code
 * //_internal/x} all become {@code /_internal/x} before the route table looks at them, as Envoy's
 * {@code normalize_path} and {@code merge_slashes} and nginx's URI normalisation do.
 *
 * <p>Steps: percent-encoded unreserved characters are decoded and other percent-encodings get
 * upper-case hex (RFC 3986 §6.2.2.1-2); dot-segments are removed (§5.2.4); runs of slashes become
 * one. Encoded slashes ({@code %2F}) stay encoded: decoding them would change the path's segments.
 */
public final class PathNormalizer {

  private PathNormalizer() {}

  /** Thrown for a path that is not a valid origin-form path (bad percent-encoding, no slash). */
  public static final class InvalidPathException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    InvalidPathException(String message) {
      super(message);
    }
  }

  /**
   * The normalised path, or {@code path} itself (the same instance) when it is already normal, so
   * the common case allocates nothing.
   */
  public static String normalize(String path) {
    if (path.isEmpty() || path.charAt(0) != '/') {
      throw new InvalidPathException("path: \"" + path + "\" (expected: starting with /)");
    }
    if (isNormal(path)) {
      return path;
    }
    return removeDotSegments(mergeSlashes(decodeUnreserved(path)));
  }

  private static boolean isNormal(String path) {
    char prev = 0;
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '%' || (c == '/' && prev == '/')) {
        return false;
      }
      if (c == '.' && prev == '/') {
        int next = i + 1 < path.length() ? path.charAt(i + 1) : '/';
        if (next == '/' || (next == '.' && (i + 2 >= path.length() || path.charAt(i + 2) == '/'))) {
          return false;
        }
      }
      prev = c;
    }
    return true;
  }

  private static String decodeUnreserved(String path) {
    try {
      return PercentEncoding.normalize(path, true);
    } catch (PercentEncoding.MalformedException e) {
      throw new InvalidPathException(e.getMessage());
    }
  }

  private static String mergeSlashes(String path) {
    StringBuilder out = new StringBuilder(path.length());
    char prev = 0;
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (!(c == '/' && prev == '/')) {
        out.append(c);
      }
      prev = c;
    }
    return out.toString();
  }

  /** RFC 3986 §5.2.4 on an absolute path whose slashes are already merged. */
  private static String removeDotSegments(String path) {
    String[] segments = path.substring(1).split("/", -1);
    String[] kept = new String[segments.length];
    int n = 0;
    for (int i = 0; i < segments.length; i++) {
      String s = segments[i];
      boolean last = i == segments.length - 1;
      if (s.equals(".")) {
        if (last) {
          kept[n++] = "";
        }
      } else if (s.equals("..")) {
        if (n > 0) {
          n--;
        }
        if (last) {
          kept[n++] = "";
        }
      } else {
        kept[n++] = s;
      }
    }
    StringBuilder out = new StringBuilder(path.length());
    for (int i = 0; i < n; i++) {
      out.append('/').append(kept[i]);
    }
    return out.length() == 0 ? "/" : out.toString();
  }
}
