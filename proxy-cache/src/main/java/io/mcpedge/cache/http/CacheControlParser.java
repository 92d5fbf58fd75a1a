package io.mcpedge.cache.http;

/**
 * Splits {@code Cache-Control} field lines into directives and records them (RFC 9111 §5.2).
 *
 * <p>Commas inside quoted strings do not split directives; a malformed directive is skipped without
 * affecting its neighbours.
 */
final class CacheControlParser {

  /** A delta-seconds argument that is not a non-negative integer. */
  static final long INVALID = -2;

  private final CacheControl cc;
  private boolean maxAgeSeen;
  private boolean sMaxAgeSeen;

  CacheControlParser(CacheControl cc) {
    this.cc = cc;
  }

  void parseLine(String line) {
    int i = 0;
    int n = line.length();
    while (i < n) {
      while (i < n && (line.charAt(i) == ',' || isWs(line.charAt(i)))) {
        i++;
      }
      int nameStart = i;
      while (i < n && line.charAt(i) != '=' && line.charAt(i) != ',' && !isWs(line.charAt(i))) {
        i++;
      }
      String name = CacheControl.lower(line.substring(nameStart, i));
      while (i < n && isWs(line.charAt(i))) {
        i++;
      }
      String value = null;
      if (i < n && line.charAt(i) == '=') {
        i++;
        while (i < n && isWs(line.charAt(i))) {
          i++;
        }
        StringBuilder sb = new StringBuilder();
        i = readValue(line, i, sb);
        value = sb.toString();
      }
      while (i < n && line.charAt(i) != ',') {
        i++;
      }
      if (!name.isEmpty()) {
        directive(name, value);
      }
    }
  }

  private static int readValue(String line, int i, StringBuilder out) {
    int n = line.length();
    if (i < n && line.charAt(i) == '"') {
      i++;
      while (i < n && line.charAt(i) != '"') {
        char c = line.charAt(i);
        if (c == '\\' && i + 1 < n) {
          c = line.charAt(++i);
        }
        out.append(c);
        i++;
      }
      return Math.min(n, i + 1);
    }
    while (i < n && line.charAt(i) != ',' && !isWs(line.charAt(i))) {
      out.append(line.charAt(i++));
    }
    return i;
  }

  /** Records one directive; {@code value} is {@code null} without an argument. */
  void directive(String name, String value) {
    switch (name) {
      case "max-age" -> {
        cc.maxAge = restrictive(maxAgeSeen, cc.maxAge, delta(value));
        maxAgeSeen = true;
      }
      case "s-maxage" -> {
        cc.sMaxAge = restrictive(sMaxAgeSeen, cc.sMaxAge, delta(value));
        sMaxAgeSeen = true;
      }
      case "max-stale" -> cc.maxStale = value == null ? CacheControl.ANY : lenient(value);
      case "min-fresh" -> cc.minFresh = lenient(value);
      case "stale-while-revalidate" -> cc.staleWhileRevalidate = lenient(value);
      case "stale-if-error" -> cc.staleIfError = lenient(value);
      case "no-store" -> cc.noStore = true;
      case "no-cache" -> cc.noCache = true;
      case "private" -> cc.isPrivate = true;
      case "public" -> cc.isPublic = true;
      case "must-revalidate" -> cc.mustRevalidate = true;
      case "proxy-revalidate" -> cc.proxyRevalidate = true;
      case "only-if-cached" -> cc.onlyIfCached = true;
      case "no-transform" -> cc.noTransform = true;
      case "immutable" -> cc.immutable = true;
      case "must-understand" -> cc.mustUnderstand = true;
      default -> {
        // §5.2.3: unknown extensions are ignored
      }
    }
  }

  // §4.2.1: an invalid value, or a repeat with another value, makes the response stale.
  private static long restrictive(boolean seen, long previous, long parsed) {
    if (parsed == INVALID) {
      return 0;
    }
    if (seen && previous != parsed) {
      return 0;
    }
    return parsed;
  }

  // Invalid arguments of the optional directives are ignored rather than guessed at.
  private static long lenient(String value) {
    long d = delta(value);
    return d == INVALID ? CacheControl.ABSENT : d;
  }

  /** RFC 9111 §1.2.2 delta-seconds; overflowing values become 2^31. */
  static long delta(String value) {
    if (value == null || value.isEmpty()) {
      return INVALID;
    }
    long v = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return INVALID;
      }
      v = Math.min(CacheControl.MAX_DELTA, v * 10 + (c - '0'));
    }
    return v;
  }

  private static boolean isWs(char c) {
    return c == ' ' || c == '\t';
  }
}
