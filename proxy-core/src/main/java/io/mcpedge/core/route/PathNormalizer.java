package io.mcpedge.core.route;

import io.mcpedge.core.config.EscapedSlashes;
import io.mcpedge.core.http.PercentEncoding;

/**
 * Puts a request path into the one form that routing, caching and the upstream all see, so that a
 * path cannot be spelled past a route: {@code /%5Finternal/x}, {@code /a/../_internal/x} and {@code
 * //_internal/x} all become {@code /_internal/x} before the route table looks at them, as Envoy's
 * {@code normalize_path} and {@code merge_slashes} and nginx's URI normalisation do.
 *
 * <p>Steps: percent-encoded unreserved characters are decoded and other percent-encodings get
 * upper-case hex (RFC 3986 §6.2.2.1-2); dot-segments are removed (§5.2.4); runs of slashes become
 * one. Encoded slashes and backslashes ({@code %2F}, {@code %5C}, a raw {@code \}) are treated as
 * {@link EscapedSlashes} says, before dot-segments are removed: a server that decodes them (Uvicorn
 * does) must not act on another path than the one routing saw. A double escape such as {@code
 * %252F} is an escaped {@code %}: it stays as it is in every mode, and a server that decodes it
 * once sees the text {@code %2F}, not a slash.
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

  /** Thrown, with {@link EscapedSlashes#REJECT}, for a path with an escaped slash or backslash. */
  public static final class EscapedSlashException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    EscapedSlashException(String message) {
      super(message);
    }
  }

  /** As {@link #normalize(String, EscapedSlashes)}, keeping encoded slashes as they are. */
  public static String normalize(String path) {
    return normalize(path, EscapedSlashes.KEEP);
  }

  /**
   * The normalised path, or {@code path} itself (the same instance) when it is already normal, so
   * the common case allocates nothing.
   *
   * @throws InvalidPathException for a path that is not origin-form or has a malformed escape
   * @throws EscapedSlashException with {@link EscapedSlashes#REJECT}, for an escaped slash
   */
  public static String normalize(String path, EscapedSlashes escapedSlashes) {
    if (path.isEmpty() || path.charAt(0) != '/') {
      throw new InvalidPathException("path: \"" + path + "\" (expected: starting with /)");
    }
    if (isNormal(path)) {
      return path;
    }
    return removeDotSegments(mergeSlashes(slashes(decodeUnreserved(path), escapedSlashes)));
  }

  private static boolean isNormal(String path) {
    char prev = 0;
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '%' || c == '\\' || (c == '/' && prev == '/')) {
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

  /**
   * {@code %2F}, {@code %5C} and {@code \} in a path whose escapes already have upper-case hex; an
   * escape is read as a whole, so the {@code 2F} of {@code %252F} is not one.
   */
  private static String slashes(String path, EscapedSlashes action) {
    StringBuilder out = null;
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      int len = c == '\\' ? 1 : c == '%' && isSlashEscape(path, i) ? 3 : 0;
      if (len == 0) {
        if (c == '%') {
          if (out != null) {
            out.append(path, i, i + 3);
          }
          i += 2;
        } else if (out != null) {
          out.append(c);
        }
        continue;
      }
      if (action == EscapedSlashes.REJECT) {
        throw new EscapedSlashException(
            "path: \"" + path + "\" (expected: no %2F, %5C or \\ with escapedSlashes: reject)");
      }
      if (out == null) {
        out = new StringBuilder(path.length() + 2).append(path, 0, i);
      }
      if (action == EscapedSlashes.DECODE) {
        out.append('/');
      } else {
        out.append(len == 1 ? "%5C" : path.substring(i, i + 3));
      }
      i += len - 1;
    }
    return out == null ? path : out.toString();
  }

  private static boolean isSlashEscape(String path, int i) {
    return path.startsWith("%2F", i) || path.startsWith("%5C", i);
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
