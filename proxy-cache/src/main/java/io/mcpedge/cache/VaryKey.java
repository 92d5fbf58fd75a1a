package io.mcpedge.cache;

import io.mcpedge.cache.http.HeaderView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The secondary cache key: the request header values that a response's {@code Vary} names (RFC 9111
 * §4.1).
 *
 * <p>Values are normalised so that semantically equal requests share a variant: whitespace around
 * commas is collapsed, and {@code Accept-Encoding} is reduced to the sorted set of lower-cased
 * codings it accepts ({@code q=0} removes a coding), since that set is what selects an encoding. An
 * absent header differs from an empty one, as §4.1 requires.
 */
public final class VaryKey {

  /** Returned by {@link #names} for {@code Vary: *}, which never matches (§4.1). */
  public static final List<String> STAR = List.of("*");

  private static final String ABSENT = "\u0000absent";

  private VaryKey() {}

  /** The lower-cased field names of the response's {@code Vary}; empty when absent. */
  public static List<String> names(HeaderView response) {
    List<String> lines = response.getAll("vary");
    if (lines.isEmpty()) {
      return List.of();
    }
    TreeSet<String> names = new TreeSet<>();
    for (String line : lines) {
      for (String part : line.split(",")) {
        String name = part.trim().toLowerCase(Locale.ROOT);
        if (name.equals("*")) {
          return STAR;
        }
        if (!name.isEmpty()) {
          names.add(name);
        }
      }
    }
    return List.copyOf(names);
  }

  /** The normalised values, in the order of {@code names}, that {@code request} presents. */
  public static String[] values(List<String> names, HeaderView request) {
    String[] out = new String[names.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = normalise(names.get(i), request.getAll(names.get(i)));
    }
    return out;
  }

  /** Whether {@code request} selects the variant stored with these names and values. */
  public static boolean matches(List<String> names, String[] stored, HeaderView request) {
    if (names == STAR) {
      return false;
    }
    for (int i = 0; i < stored.length; i++) {
      if (!stored[i].equals(normalise(names.get(i), request.getAll(names.get(i))))) {
        return false;
      }
    }
    return true;
  }

  static String normalise(String name, List<String> lines) {
    if (lines.isEmpty()) {
      return ABSENT;
    }
    if (name.equals("accept-encoding")) {
      return acceptEncoding(lines);
    }
    if (lines.size() == 1 && lines.get(0).indexOf(',') < 0) {
      return lines.get(0).trim(); // one value, the common case: what the loop below makes of it
    }
    List<String> parts = new ArrayList<>();
    for (String line : lines) {
      for (String part : line.split(",")) {
        String p = part.trim();
        if (!p.isEmpty()) {
          parts.add(p);
        }
      }
    }
    return String.join(",", parts);
  }

  private static String acceptEncoding(List<String> lines) {
    TreeSet<String> codings = new TreeSet<>();
    for (String line : lines) {
      for (String part : line.split(",")) {
        String[] params = part.split(";");
        String coding = params[0].trim().toLowerCase(Locale.ROOT);
        if (!coding.isEmpty() && !zeroQuality(Arrays.copyOfRange(params, 1, params.length))) {
          codings.add(coding);
        }
      }
    }
    return String.join(",", codings);
  }

  private static boolean zeroQuality(String[] params) {
    for (String p : params) {
      String t = p.trim().toLowerCase(Locale.ROOT);
      if (t.startsWith("q=")) {
        try {
          return Double.parseDouble(t.substring(2).trim()) == 0.0;
        } catch (NumberFormatException e) {
          return false;
        }
      }
    }
    return false;
  }
}
