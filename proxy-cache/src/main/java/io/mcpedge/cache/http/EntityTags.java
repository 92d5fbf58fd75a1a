package io.mcpedge.cache.http;

import java.util.List;

/**
 * Entity-tag comparison (RFC 9110 §8.8.3.2) and {@code If-None-Match} / {@code If-Match} list
 * matching (§13.1.1, §13.1.2).
 */
public final class EntityTags {

  private EntityTags() {}

  /** Whether {@code tag} is weak ({@code W/"..."}). */
  public static boolean isWeak(String tag) {
    return tag.startsWith("W/");
  }

  /** Weak comparison: opaque tags equal, weakness ignored. */
  public static boolean weakMatch(String a, String b) {
    return a != null && b != null && opaque(a).equals(opaque(b));
  }

  /** Strong comparison: both strong and opaque tags equal. */
  public static boolean strongMatch(String a, String b) {
    return a != null && b != null && !isWeak(a) && !isWeak(b) && a.trim().equals(b.trim());
  }

  /**
   * Whether a list-valued {@code If-None-Match} matches {@code current} with the weak comparison;
   * {@code *} matches any current representation.
   */
  public static boolean anyWeakMatch(List<String> lines, String current) {
    for (String line : lines) {
      for (String tag : split(line)) {
        if (tag.equals("*") || weakMatch(tag, current)) {
          return true;
        }
      }
    }
    return false;
  }

  private static String opaque(String tag) {
    String t = tag.trim();
    return isWeak(t) ? t.substring(2) : t;
  }

  /** Splits a list of entity tags, respecting commas inside quoted opaque tags. */
  static List<String> split(String line) {
    java.util.ArrayList<String> out = new java.util.ArrayList<>(2);
    int i = 0;
    int n = line.length();
    while (i < n) {
      while (i < n && (line.charAt(i) == ',' || line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
        i++;
      }
      int start = i;
      boolean quoted = false;
      while (i < n && (quoted || line.charAt(i) != ',')) {
        if (line.charAt(i) == '"') {
          quoted = !quoted;
        }
        i++;
      }
      String tag = line.substring(start, i).trim();
      if (!tag.isEmpty()) {
        out.add(tag);
      }
    }
    return out;
  }
}
