package io.mcpedge.cache.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a Dictionary structured field (RFC 8941 §4.2.2), the syntax of targeted cache-control
 * fields (RFC 9213 §2.1), strictly: one syntax error rejects the whole field, as RFC 8941 §4.2
 * requires.
 *
 * <p>Members map to {@link Boolean} (a bare key is {@code true}), {@link Long} (an Integer), or
 * {@link String} for every other item: a String's content, a Token, and the text of a Decimal, a
 * Byte Sequence or an Inner List. Parameters are checked but dropped; a repeated key keeps its last
 * value (§4.2.2).
 */
final class StructuredDictionary {

  private final String in;
  private int pos;

  private StructuredDictionary(String in) {
    this.in = in;
  }

  /**
   * The members of the field whose lines are {@code lines} (joined with commas, §4.2), or {@code
   * null} when it is not a valid Dictionary.
   */
  static Map<String, Object> parse(List<String> lines) {
    StructuredDictionary p = new StructuredDictionary(String.join(",", lines));
    try {
      return p.dictionary();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private Map<String, Object> dictionary() {
    Map<String, Object> out = new LinkedHashMap<>();
    skipSp();
    while (pos < in.length()) {
      String key = key();
      Object value;
      if (peek() == '=') {
        pos++;
        value = peek() == '(' ? innerList() : bareItem();
      } else {
        value = Boolean.TRUE;
      }
      parameters();
      out.put(key, value);
      skipOws();
      if (pos == in.length()) {
        break;
      }
      expect(',');
      skipOws();
      if (pos == in.length()) {
        throw fail("trailing comma");
      }
    }
    return out;
  }

  private String key() {
    char c = peek();
    if (!(lcalpha(c) || c == '*')) {
      throw fail("key");
    }
    int start = pos++;
    while (pos < in.length()) {
      char k = in.charAt(pos);
      if (!(lcalpha(k) || digit(k) || k == '_' || k == '-' || k == '.' || k == '*')) {
        break;
      }
      pos++;
    }
    return in.substring(start, pos);
  }

  private void parameters() {
    while (peek() == ';') {
      pos++;
      skipSp();
      key();
      if (peek() == '=') {
        pos++;
        bareItem();
      }
    }
  }

  private String innerList() {
    int start = pos;
    expect('(');
    while (true) {
      skipSp();
      if (peek() == ')') {
        pos++;
        return in.substring(start, pos);
      }
      bareItem();
      parameters();
      char c = peek();
      if (c != ' ' && c != ')') {
        throw fail("inner list");
      }
    }
  }

  private Object bareItem() {
    char c = peek();
    if (c == '-' || digit(c)) {
      return number();
    }
    if (c == '"') {
      return string();
    }
    if (c == '*' || Character.isLetter(c) && c < 0x80) {
      return token();
    }
    if (c == ':') {
      return byteSequence();
    }
    if (c == '?') {
      pos++;
      char b = peek();
      pos++;
      if (b == '1') {
        return Boolean.TRUE;
      }
      if (b == '0') {
        return Boolean.FALSE;
      }
      throw fail("boolean");
    }
    throw fail("item");
  }

  private Object number() {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    int digits = 0;
    int dot = -1;
    while (pos < in.length()) {
      char c = in.charAt(pos);
      if (digit(c)) {
        digits++;
      } else if (c == '.' && dot < 0) {
        if (digits > 12) {
          throw fail("decimal");
        }
        dot = pos;
      } else {
        break;
      }
      pos++;
      if ((dot < 0 && digits > 15) || (dot >= 0 && digits > 15)) {
        throw fail("number too long");
      }
    }
    if (digits == 0) {
      throw fail("number");
    }
    String text = in.substring(start, pos);
    if (dot < 0) {
      return Long.parseLong(text);
    }
    int fraction = pos - dot - 1;
    if (fraction < 1 || fraction > 3) {
      throw fail("decimal");
    }
    return text;
  }

  private String string() {
    pos++;
    StringBuilder sb = new StringBuilder();
    while (pos < in.length()) {
      char c = in.charAt(pos++);
      if (c == '\\') {
        char e = peek();
        if (e != '"' && e != '\\') {
          throw fail("escape");
        }
        sb.append(e);
        pos++;
      } else if (c == '"') {
        return sb.toString();
      } else if (c < 0x20 || c > 0x7e) {
        throw fail("string character");
      } else {
        sb.append(c);
      }
    }
    throw fail("unterminated string");
  }

  private String token() {
    int start = pos++;
    while (pos < in.length() && tchar(in.charAt(pos))) {
      pos++;
    }
    return in.substring(start, pos);
  }

  private String byteSequence() {
    int start = pos++;
    while (pos < in.length() && in.charAt(pos) != ':') {
      char c = in.charAt(pos++);
      if (!(Character.isLetterOrDigit(c) && c < 0x80 || c == '+' || c == '/' || c == '=')) {
        throw fail("byte sequence");
      }
    }
    expect(':');
    return in.substring(start, pos);
  }

  private void expect(char c) {
    if (peek() != c) {
      throw fail("'" + c + "'");
    }
    pos++;
  }

  private char peek() {
    return pos < in.length() ? in.charAt(pos) : '\0';
  }

  private void skipSp() {
    while (pos < in.length() && in.charAt(pos) == ' ') {
      pos++;
    }
  }

  private void skipOws() {
    while (pos < in.length() && (in.charAt(pos) == ' ' || in.charAt(pos) == '\t')) {
      pos++;
    }
  }

  private static boolean lcalpha(char c) {
    return c >= 'a' && c <= 'z';
  }

  private static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }

  // RFC 9110 §5.6.2 tchar, plus ':' and '/' which RFC 8941 §3.3.4 allows in tokens.
  private static boolean tchar(char c) {
    return c < 0x80 && (Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`|~:/".indexOf(c) >= 0);
  }

  private IllegalArgumentException fail(String what) {
    return new IllegalArgumentException("invalid " + what + " at " + pos);
  }
}
