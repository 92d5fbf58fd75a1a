package io.mcpedge.core.route;

/**
 * The text that every path a route's regular expression can match starts with, read from the
 * expression's source, so that the route index can skip an anchored expression whose literal start
 * the request path does not have. The reading is conservative: it answers only for an expression
 * that begins with {@code ^} (which, compiled without flags as {@link PathMatcher} compiles it,
 * anchors at the start of the path) and has no {@code |} anywhere, and it stops at the first
 * character that is not a plain literal. An expression it cannot read goes to the index's list of
 * routes that every request tries; so a wrong answer can only ever cost time, never a match, as
 * long as the prefix it returns is one every match really starts with. The index reads expressions
 * through {@link RegexLiteralStarts}, which splits alternatives and reads each one's literal run
 * with {@link #read}; {@link #of} is that reading for an expression without alternatives.
 */
final class RegexLiteralPrefix {

  /** Characters with a meaning of their own outside a character class, and the class brackets. */
  private static final String SPECIAL = ".[]{}()*+?|^$\\";

  private RegexLiteralPrefix() {}

  /**
   * The literal start of {@code regex}, or {@code null} when the expression is not anchored at the
   * start of the path or the start cannot be read; may be empty ({@code ^[a-z]}).
   */
  static String of(String regex) {
    if (!regex.startsWith("^") || regex.indexOf('|') >= 0) {
      return null;
    }
    StringBuilder prefix = new StringBuilder();
    read(regex, 1, regex.length(), prefix);
    return prefix.toString();
  }

  /**
   * Appends to {@code out} the plain literal characters of {@code regex} from {@code from} on, up
   * to {@code to}, stopping before the first character that is not a plain literal or that a
   * quantifier follows; answers where it stopped. {@code to} ends a whole branch or alternative
   * (the end of the expression, a {@code |} or a {@code )}), so what stands there quantifies no
   * literal.
   */
  static int read(String regex, int from, int to, StringBuilder out) {
    int i = from;
    while (i < to) {
      char c = regex.charAt(i);
      int width;
      char literal;
      if (c == '\\' && i + 1 < to && isEscapedLiteral(regex.charAt(i + 1))) {
        // A backslash before a character that is not a letter or digit quotes it (Pattern's
        // Javadoc, "Backslashes, escapes, and quoting"); \d, \Q, \1 and the like end the literal.
        literal = regex.charAt(i + 1);
        width = 2;
      } else if (c >= 0x20 && c < 0x7f && SPECIAL.indexOf(c) < 0) {
        literal = c;
        width = 1;
      } else {
        break;
      }
      int next = i + width;
      if (next < regex.length() && isQuantifier(regex.charAt(next))) {
        // "^/ab?" takes "/a": the quantified character may be absent (or repeated).
        break;
      }
      out.append(literal);
      i = next;
    }
    return i;
  }

  private static boolean isEscapedLiteral(char c) {
    return c >= 0x20 && c < 0x7f && !Character.isLetterOrDigit(c);
  }

  private static boolean isQuantifier(char c) {
    return c == '?' || c == '*' || c == '+' || c == '{';
  }
}
