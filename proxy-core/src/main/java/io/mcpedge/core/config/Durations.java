package io.mcpedge.core.config;

import java.time.Duration;

/**
 * Parses the duration syntax of edge.yaml: a number and a unit ({@code 250ms}, {@code 5s}, {@code
 * 1m}, {@code 1h}, {@code 30d}), or several of them from the largest unit down ({@code 1m30s},
 * {@code 1h30m}). A bare number is never a duration, because {@code 60} could mean seconds to one
 * reader and milliseconds to another.
 */
public final class Durations {

  /** What a malformed duration is told to look like; part of every such config error. */
  public static final String EXPECTATION = "a duration such as 250ms, 5s, 1m30s, 1h or 30d";

  private static final String[] UNITS = {"d", "h", "m", "s", "ms"};
  private static final long[] MILLIS = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};

  private Durations() {}

  /**
   * Parses {@code text}; a leading {@code -} is accepted so that range checks can report a negative
   * duration as such rather than as malformed.
   *
   * @throws IllegalArgumentException when {@code text} is not a duration
   */
  public static Duration parse(String text) {
    boolean negative = text.startsWith("-");
    String s = negative ? text.substring(1) : text;
    if (s.isEmpty()) {
      throw malformed(text);
    }
    long total = 0;
    int lastUnit = -1;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && Character.isDigit(s.charAt(i))) {
        i++;
      }
      if (i == start || i - start > 12) {
        throw malformed(text);
      }
      long amount = Long.parseLong(s.substring(start, i));
      int unitStart = i;
      while (i < s.length() && Character.isLetter(s.charAt(i))) {
        i++;
      }
      int unit = unitIndex(s.substring(unitStart, i));
      if (unit < 0) {
        throw malformed(text);
      }
      // Units must shrink from left to right, each at most once: "1m30s", never "30s1m" or "1s1s".
      if (unit <= lastUnit) {
        throw malformed(text);
      }
      lastUnit = unit;
      try {
        total = Math.addExact(total, Math.multiplyExact(amount, MILLIS[unit]));
      } catch (ArithmeticException e) {
        throw malformed(text);
      }
    }
    return Duration.ofMillis(negative ? -total : total);
  }

  private static int unitIndex(String unit) {
    for (int u = 0; u < UNITS.length; u++) {
      if (UNITS[u].equals(unit)) {
        return u;
      }
    }
    return -1;
  }

  private static IllegalArgumentException malformed(String text) {
    return new IllegalArgumentException("\"" + text + "\" (expected: " + EXPECTATION + ")");
  }
}
