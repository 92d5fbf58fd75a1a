package io.mcpedge.cache;

/** Parses a {@code Range} header for one byte range of a known length (RFC 9110 §14.1.2). */
final class ByteRanges {

  /** Returned when the range cannot be satisfied: answer 416. */
  static final long[] UNSATISFIABLE = new long[0];

  private ByteRanges() {}

  /**
   * The inclusive {@code [first, last]} of a single satisfiable range; {@link #UNSATISFIABLE}; or
   * {@code null} when the header is invalid, not in bytes, or asks for several ranges, in which
   * case the whole representation is sent (§14.2 lets a server ignore Range).
   */
  static long[] single(String header, long length) {
    if (header == null) {
      return null;
    }
    String h = header.trim();
    if (h.length() < 6 || !h.regionMatches(true, 0, "bytes=", 0, 6)) {
      return null;
    }
    String spec = h.substring(6).trim();
    if (spec.indexOf(',') >= 0) {
      return null;
    }
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return null;
    }
    String a = spec.substring(0, dash).trim();
    String b = spec.substring(dash + 1).trim();
    long first = digits(a);
    long last = digits(b);
    if (a.isEmpty()) {
      // suffix-range: the last N bytes
      if (last < 0) {
        return null;
      }
      if (last == 0 || length == 0) {
        return UNSATISFIABLE;
      }
      return new long[] {Math.max(0, length - last), length - 1};
    }
    if (first < 0 || (!b.isEmpty() && (last < 0 || last < first))) {
      return null;
    }
    if (first >= length) {
      return UNSATISFIABLE;
    }
    long end = b.isEmpty() ? length - 1 : Math.min(last, length - 1);
    return new long[] {first, end};
  }

  private static long digits(String s) {
    if (s.isEmpty() || s.length() > 18) {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
