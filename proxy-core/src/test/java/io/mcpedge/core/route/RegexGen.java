package io.mcpedge.core.route;

import java.util.Random;

/**
 * Random regular expressions built around alternatives, for the tests that check that no path an
 * expression finds is left without its route: top-level {@code |}, leading groups with and without
 * quantifiers, and near them what the reading must give up on (flags, lookarounds, quoting,
 * classes, unanchored branches). Paths come from the same few characters, so that many match.
 */
final class RegexGen {

  private static final String[] LITERALS = {"a", "b", "/", "1", "\\.", "\\/", "ab", "/a"};
  private static final String[] TAILS = {
    "",
    "",
    "",
    "$",
    "[ab]",
    "[^/]+",
    ".*",
    "\\d",
    "b?",
    "a*",
    "(a|/)*",
    "(?i)a",
    "(?=a)",
    "\\Qa|b\\E",
    "[]|]",
    "[a[|]]",
    "\\x7C",
    "(?<n>a|b)",
    "\\ca",
    "(?:a|)",
    "(b)+"
  };
  private static final String[] QUANTIFIERS = {"", "", "", "+", "?", "*", "{0,2}", "{1,2}", "+?"};
  private static final char[] PATH_CHARS = {'/', '/', 'a', 'b', '1', '.', 'A', '|'};

  private RegexGen() {}

  static String regex(Random rnd) {
    int n = 1 + rnd.nextInt(3);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        b.append('|');
      }
      b.append(branch(rnd));
    }
    return rnd.nextInt(15) == 0 ? "(" + b + ")" : b.toString();
  }

  static String path(Random rnd) {
    StringBuilder b = new StringBuilder();
    int n = rnd.nextInt(8);
    for (int i = 0; i < n; i++) {
      if (rnd.nextBoolean()) {
        b.append(PATH_CHARS[rnd.nextInt(PATH_CHARS.length)]);
      } else {
        b.append(pick(rnd, LITERALS).replace("\\", "")); // the literals' own runs, unquoted
      }
    }
    return b.toString();
  }

  private static String branch(Random rnd) {
    StringBuilder b = new StringBuilder();
    if (rnd.nextInt(8) != 0) {
      b.append('^');
    }
    b.append(literal(rnd));
    if (rnd.nextInt(3) != 0) {
      b.append(rnd.nextBoolean() ? "(" : "(?:");
      int alts = 1 + rnd.nextInt(3);
      for (int i = 0; i < alts; i++) {
        if (i > 0) {
          b.append('|');
        }
        b.append(literal(rnd)).append(rnd.nextBoolean() ? pick(rnd, TAILS) : "");
      }
      b.append(')').append(pick(rnd, QUANTIFIERS)).append(literal(rnd));
    }
    return b.append(pick(rnd, TAILS)).toString();
  }

  private static String literal(Random rnd) {
    StringBuilder b = new StringBuilder();
    int n = rnd.nextInt(3);
    for (int i = 0; i < n; i++) {
      b.append(pick(rnd, LITERALS));
    }
    return b.toString();
  }

  private static String pick(Random rnd, String[] from) {
    return from[rnd.nextInt(from.length)];
  }
}
