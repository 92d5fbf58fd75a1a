package io.mcpedge.core.route;

import java.util.ArrayList;
import java.util.List;

/**
 * The literal starts of an anchored regular expression whose top level or leading group has
 * alternatives, so that the route index can place a route such as {@code ^/v1/tools$|^/v2/tools$}
 * or {@code ^/(tools|prompts)/[a-z]+$} under each alternative's start instead of trying it for
 * every request. Every path the expression finds starts with one of the answers (a route the index
 * places under them is tried for every path that starts with any of them), so an answer that left
 * one out would lose a match: the reading gives up, and the route is tried everywhere as before, on
 * anything it cannot prove.
 *
 * <p>What it reads: the expression is split at each {@code |} outside groups and character classes;
 * every branch must begin with {@code ^} (without flags, as {@link PathMatcher} compiles it, the
 * start of the path) and yields its literal start ({@link RegexLiteralPrefix#read}). When that
 * literal is followed by a group, {@code (...)} or {@code (?:...)}, which a quantifier cannot make
 * absent (nothing, {@code +}, or {@code +?}/{@code ++} after it; not {@code ?}, {@code *} or {@code
 * {n,m}}), the branch yields the literal followed by each of the group's alternatives' own literal
 * starts; an alternative that is all literal, in a group without a quantifier, is followed in turn
 * by the literal run after the group ({@code ^/(v1|v2)/tools} starts with {@code /v1/tools} or
 * {@code /v2/tools}). What makes it give up on the whole expression: a branch without {@code ^}, or
 * with an empty start; inline flags ({@code (?i)}, which would reach across {@code |}); the escapes
 * {@code \Q} and {@code \c}, which take characters the split would misread; character classes that
 * nest or begin with {@code ]}.
 */
final class RegexLiteralStarts {

  private RegexLiteralStarts() {}

  /**
   * The non-empty literal starts of {@code regex}, at least one, or {@code null} when the
   * expression is not anchored on every branch or its starts cannot be read. May hold one start and
   * a longer one that begins with it ({@code ^/a|^/ab}).
   */
  static List<String> of(String regex) {
    List<int[]> branches = alternatives(regex, 0);
    if (branches == null) {
      return null;
    }
    List<String> starts = new ArrayList<>();
    for (int[] b : branches) {
      if (b[1] == b[0] || regex.charAt(b[0]) != '^') {
        return null;
      }
      StringBuilder literal = new StringBuilder();
      int at = RegexLiteralPrefix.read(regex, b[0] + 1, b[1], literal);
      List<String> group = leadingGroup(regex, at, b[1]);
      if (group == null) {
        starts.add(literal.toString());
      } else {
        for (String g : group) {
          starts.add(literal + g);
        }
      }
    }
    for (String s : starts) {
      if (s.isEmpty()) {
        return null;
      }
    }
    return starts;
  }

  /**
   * The literal starts of the alternatives of the group opening at {@code at}, or {@code null} when
   * nothing at {@code at} (before {@code end}) is a group every match goes through.
   */
  private static List<String> leadingGroup(String regex, int at, int end) {
    if (at >= end || regex.charAt(at) != '(') {
      return null;
    }
    int body = at + 1;
    if (regex.startsWith("?:", body)) {
      body += 2;
    } else if (body < end && regex.charAt(body) == '?') {
      return null; // lookaround, named or atomic group, flags: not read
    }
    List<int[]> alts = alternatives(regex, body);
    if (alts == null) {
      return null;
    }
    int close = alts.get(alts.size() - 1)[1];
    if (close >= end || regex.charAt(close) != ')') {
      return null;
    }
    int after = close + 1;
    if (after < end) {
      char q = regex.charAt(after);
      if (q == '?' || q == '*' || q == '{') {
        return null; // the group may match nothing: its alternatives start nothing
      }
    }
    // What follows a group matched once comes right after an alternative read whole: "^/(v1|v2)/x"
    // starts with "/v1/x" or "/v2/x". After "(v1|v2)+" the reading stops at the "+" at once.
    StringBuilder next = new StringBuilder();
    RegexLiteralPrefix.read(regex, after, end, next);
    List<String> out = new ArrayList<>();
    for (int[] a : alts) {
      StringBuilder literal = new StringBuilder();
      if (RegexLiteralPrefix.read(regex, a[0], a[1], literal) == a[1]) {
        literal.append(next);
      }
      out.add(literal.toString());
    }
    return out;
  }

  /**
   * The alternatives at the level that starts at {@code from}, as {@code [start, end)} ranges, up
   * to the {@code )} that closes that level or the end of the expression (the last range ends
   * there); {@code from} is 0 for the top level, else just inside a group's {@code (}; {@code null}
   * if the level holds something the split cannot read.
   */
  private static List<int[]> alternatives(String regex, int from) {
    List<int[]> out = new ArrayList<>();
    int start = from;
    int depth = 0;
    int i = from;
    while (i < regex.length()) {
      char c = regex.charAt(i);
      if (c == '\\') {
        if (i + 1 >= regex.length()) {
          return null;
        }
        char e = regex.charAt(i + 1);
        if (e == 'Q' || e == 'c') {
          return null; // \Q...\E quotes, \cX takes any X: either could hide a ( ) | [
        }
        i += 2;
        continue;
      }
      if (c == '[') {
        i = classEnd(regex, i);
        if (i < 0) {
          return null;
        }
        continue;
      }
      if (c == '(') {
        if (regex.startsWith("(?", i) && !isGroupConstruct(regex, i + 2)) {
          return null; // inline flags: (?i) reaches across | and (?x) changes the syntax
        }
        depth++;
      } else if (c == ')') {
        if (depth == 0) {
          if (from == 0) {
            return null; // a ) that closes nothing (the expression would not compile)
          }
          out.add(new int[] {start, i});
          return out;
        }
        depth--;
      } else if (c == '|' && depth == 0) {
        out.add(new int[] {start, i});
        start = i + 1;
      }
      i++;
    }
    if (depth != 0 || from != 0) {
      return null; // an open group never closed (the expression would not compile)
    }
    out.add(new int[] {start, i});
    return out;
  }

  /** Whether {@code (?} followed by what stands at {@code i} opens a group, not flags. */
  private static boolean isGroupConstruct(String regex, int i) {
    if (i >= regex.length()) {
      return false;
    }
    char c = regex.charAt(i);
    if (c == ':' || c == '=' || c == '!' || c == '>') {
      return true;
    }
    // (?<=, (?<! and (?<name>
    return c == '<' && i + 1 < regex.length();
  }

  /**
   * The index after the character class opening at {@code open}, or -1 when the class nests a
   * class, begins with {@code ]} (a literal there in Java) or is not closed.
   */
  private static int classEnd(String regex, int open) {
    int i = open + 1;
    if (i < regex.length() && regex.charAt(i) == '^') {
      i++;
    }
    if (i < regex.length() && regex.charAt(i) == ']') {
      return -1;
    }
    while (i < regex.length()) {
      char c = regex.charAt(i);
      if (c == '\\') {
        if (i + 1 < regex.length() && (regex.charAt(i + 1) == 'Q' || regex.charAt(i + 1) == 'c')) {
          return -1;
        }
        i += 2;
      } else if (c == '[') {
        return -1;
      } else if (c == ']') {
        return i + 1;
      } else {
        i++;
      }
    }
    return -1;
  }
}
