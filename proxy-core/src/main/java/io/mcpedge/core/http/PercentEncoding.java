package io.mcpedge.core.http;

/**
 * Percent-encoding normalisation of RFC 3986 §6.2.2.1-2: encoded unreserved characters are decoded
 * and every other escape gets upper-case hex digits. Shared by routing (which must see one spelling
 * of a path) and the cache (whose keys must not split equivalent URIs).
 */
public final class PercentEncoding {

  private PercentEncoding() {}

  /** Thrown in strict mode for a {@code %} not followed by two hexadecimal digits. */
  public static final class MalformedException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    MalformedException(String message) {
      super(message);
    }
  }

  /**
   * The normalised form of {@code s}; {@code s} itself when it has no escape. A malformed escape
   * throws {@link MalformedException} when {@code strict}, and is kept as it is otherwise.
   */
  public static String normalize(String s, boolean strict) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c != '%') {
        out.append(c);
        continue;
      }
      int hi = i + 1 < n ? hex(s.charAt(i + 1)) : -1;
      int lo = i + 2 < n ? hex(s.charAt(i + 2)) : -1;
      if (hi < 0 || lo < 0) {
        if (strict) {
          throw new MalformedException(
              "path: \"" + s + "\" (expected: % followed by two hexadecimal digits)");
        }
        out.append(c);
        continue;
      }
      char decoded = (char) (hi * 16 + lo);
      if (isUnreserved(decoded)) {
        out.append(decoded);
      } else {
        out.append('%')
            .append(Character.toUpperCase(s.charAt(i + 1)))
            .append(Character.toUpperCase(s.charAt(i + 2)));
      }
      i += 2;
    }
    return out.toString();
  }

  /** RFC 3986 §2.3. */
  public static boolean isUnreserved(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~';
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }
}
