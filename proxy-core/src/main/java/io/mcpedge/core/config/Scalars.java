package io.mcpedge.core.config;

import java.time.Duration;

/**
 * Typed reads of one scalar node. Each returns {@code null} after reporting a problem, so that the
 * walk goes on and every problem of the file is found in one pass. Numbers and booleans must be
 * YAML numbers and booleans, except when they come from an environment reference, which always
 * yields a string.
 */
final class Scalars {

  /** Which durations a key accepts. */
  enum Bound {
    POSITIVE("a positive duration"),
    NON_NEGATIVE("a duration >= 0s");

    final String expectation;

    Bound(String expectation) {
      this.expectation = expectation;
    }
  }

  private Scalars() {}

  static String string(Node n) {
    if (n.isText()) {
      return n.text();
    }
    n.problem("a string");
    return null;
  }

  static Long integer(Node n, long min, long max) {
    Long v = null;
    if (n.isIntegral() && n.fitsLong()) {
      v = n.longValue();
    } else if (n.substituted()) {
      String t = n.text();
      if (t == null) {
        return null;
      }
      try {
        v = Long.parseLong(t);
      } catch (NumberFormatException e) {
        n.problemDetail(Node.quote(t) + " (expected: an integer)");
        return null;
      }
    } else {
      n.problem("an integer");
      return null;
    }
    if (v < min || v > max) {
      n.problemDetail(v + " (expected: " + range(min, max) + ")");
      return null;
    }
    return v;
  }

  static String range(long min, long max) {
    if (max == Long.MAX_VALUE || max == Integer.MAX_VALUE) {
      return min == 1 ? "> 0" : ">= " + min;
    }
    return min + ".." + max;
  }

  static Boolean bool(Node n) {
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    if (n.substituted()) {
      String t = n.text();
      if (t == null) {
        return null;
      }
      if (t.equals("true") || t.equals("false")) {
        return Boolean.valueOf(t);
      }
      n.problemDetail(Node.quote(t) + " (expected: true or false)");
      return null;
    }
    n.problem("true or false");
    return null;
  }

  static Duration duration(Node n, Bound bound) {
    if (!n.isText()) {
      n.problem(Durations.EXPECTATION);
      return null;
    }
    String t = n.text();
    if (t == null) {
      return null;
    }
    Duration d;
    try {
      d = Durations.parse(t);
    } catch (IllegalArgumentException e) {
      n.problemDetail(e.getMessage());
      return null;
    }
    boolean ok = bound == Bound.POSITIVE ? d.compareTo(Duration.ZERO) > 0 : !d.isNegative();
    if (!ok) {
      n.problemDetail(t + " (expected: " + bound.expectation + ")");
      return null;
    }
    return d;
  }

  static ByteSize size(Node n, long minBytes, long maxBytes) {
    ByteSize s;
    String shown;
    if (n.isIntegral() && n.fitsLong() && n.longValue() >= 0) {
      s = ByteSize.ofBytes(n.longValue());
      shown = n.render();
    } else if (n.isText()) {
      shown = n.text();
      if (shown == null) {
        return null;
      }
      try {
        s = ByteSize.parse(shown);
      } catch (IllegalArgumentException e) {
        n.problemDetail(e.getMessage());
        return null;
      }
    } else {
      n.problem(ByteSize.EXPECTATION);
      return null;
    }
    if (s.bytes() < minBytes || s.bytes() > maxBytes) {
      String range =
          maxBytes == Long.MAX_VALUE
              ? "at least " + minBytes + " bytes"
              : minBytes + ".." + maxBytes + " bytes";
      n.problemDetail(shown + " (expected: " + range + ")");
      return null;
    }
    return s;
  }

  static <E> E choice(Node n, Spelling<E> spelling) {
    String t;
    if (n.isText()) {
      t = n.text();
      if (t == null) {
        return null;
      }
    } else if (n.isBoolean() && !n.booleanValue() && spelling.names().contains("off")) {
      // YAML 1.1 reads a bare `off` as false; accept it where "off" is a spelling.
      return spelling.valueOf("off");
    } else {
      n.problem("one of " + spelling.names());
      return null;
    }
    E e = spelling.valueOf(t);
    if (e == null) {
      n.problemDetail(Node.quote(t) + " (expected: one of " + spelling.names() + ")");
    }
    return e;
  }

  /** A name of a listener, upstream or route: it appears in metrics, logs and error bodies. */
  static String name(Node n) {
    String s = string(n);
    if (s == null) {
      return null;
    }
    if (!s.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
      n.problemDetail(
          Node.quote(s) + " (expected: a name of up to 63 letters, digits, '.', '_' and '-')");
      return null;
    }
    return s;
  }

  /** An HTTP field name (RFC 9110 §5.1 token). */
  static String headerName(Node n) {
    String s = string(n);
    if (s == null) {
      return null;
    }
    if (!s.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
      n.problemDetail(Node.quote(s) + " (expected: a header name)");
      return null;
    }
    return s;
  }
}
