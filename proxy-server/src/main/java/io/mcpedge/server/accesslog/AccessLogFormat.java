package io.mcpedge.server.accesslog;

import io.mcpedge.server.exchange.ExchangeRecord.CacheResult;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * Writes the {@link LineFields} of an exchange as one JSON object (RFC 8259) on one line, UTF-8
 * encoded (§8.1). Hand-written rather than through a JSON library: the shape is fixed, and escaping
 * is the only subtle part (§7: the quotation mark, the reverse solidus and every control character
 * are escaped, so that a value can never end the line or the string early, whatever bytes a client
 * put in its request target). It writes bytes straight into the batch's {@link LineBuffer}, the
 * field names and the fixed values as bytes prepared once, since formatting is most of what a line
 * costs. Runs on the event loop that ends the exchange, into that loop's buffer ({@link
 * LoopLines}); one instance per loop, not thread-safe (it remembers the last second it formatted).
 */
final class AccessLogFormat {

  private static final byte[] HEX = ascii("0123456789abcdef");
  private static final byte[] NULL = ascii("null");
  private static final byte[] TIME = ascii("{\"time\":\"");
  private static final byte[] ROUTE = ascii("\",\"route\":");
  private static final byte[] METHOD = ascii(",\"method\":");
  private static final byte[] PATH = ascii(",\"path\":");
  private static final byte[] PROTOCOL = ascii(",\"protocol\":");
  private static final byte[] STATUS = ascii(",\"status\":");
  private static final byte[] BYTES_IN = ascii(",\"bytesIn\":");
  private static final byte[] BYTES_OUT = ascii(",\"bytesOut\":");
  private static final byte[] DURATION = ascii(",\"durationMs\":");
  private static final byte[] UPSTREAM_HEAD = ascii(",\"upstreamHeadMs\":");
  private static final byte[] UPSTREAM = ascii(",\"upstream\":");
  private static final byte[] ATTEMPTS = ascii(",\"attempts\":");
  private static final byte[] CACHE = ascii(",\"cache\":");
  private static final byte[] REJECTION = ascii(",\"rejection\":");
  private static final byte[] TRACE_ID = ascii(",\"traceId\":");
  private static final byte[] CLIENT = ascii(",\"client\":");
  private static final byte[] CONNECTION = ascii(",\"connection\":");
  private static final byte[] MCP_METHOD = ascii(",\"mcpMethod\":");
  private static final byte[] MCP_NAME = ascii(",\"mcpName\":");
  private static final byte[] END = ascii("}\n");

  /** Each {@link CacheResult} as its JSON string: {@code "hit"}, {@code "miss"}... */
  private static final byte[][] CACHE_RESULTS = new byte[CacheResult.values().length][];

  static {
    for (CacheResult r : CacheResult.values()) {
      CACHE_RESULTS[r.ordinal()] = ascii('"' + r.name().toLowerCase(Locale.ROOT) + '"');
    }
  }

  private long second = Long.MIN_VALUE;
  private byte[] secondText;

  /** Appends {@code line} as JSON and a line feed to {@code out}. */
  void append(LineFields line, LineBuffer out) {
    out.put(TIME);
    time(line.epochMillis(), out);
    out.put(ROUTE);
    string(line.route(), out);
    out.put(METHOD);
    string(line.method(), out);
    out.put(PATH);
    string(line.target(), out);
    out.put(PROTOCOL);
    string(line.protocol(), out);
    out.put(STATUS);
    number(line.status(), out);
    out.put(BYTES_IN);
    number(line.bytesIn(), out);
    out.put(BYTES_OUT);
    number(line.bytesOut(), out);
    out.put(DURATION);
    millis(line.durationNanos(), out);
    out.put(UPSTREAM_HEAD);
    if (line.upstreamHeadNanos() < 0) {
      out.put(NULL);
    } else {
      millis(line.upstreamHeadNanos(), out);
    }
    out.put(UPSTREAM);
    string(line.upstream(), out);
    out.put(ATTEMPTS);
    number(line.attempts(), out);
    out.put(CACHE);
    out.put(CACHE_RESULTS[line.cache().ordinal()]);
    out.put(REJECTION);
    string(line.rejection(), out);
    out.put(TRACE_ID);
    string(line.traceId(), out);
    out.put(CLIENT);
    string(line.client(), out);
    out.put(CONNECTION);
    string(line.connection(), out);
    if (line.mcpMethod() != null) {
      // Only on verified MCP requests, so that other lines cost nothing more.
      out.put(MCP_METHOD);
      string(line.mcpMethod(), out);
      out.put(MCP_NAME);
      string(line.mcpName(), out);
    }
    out.put(END);
    out.lineEnded();
  }

  /** RFC 3339 (§5.6) in UTC with milliseconds: {@code 2026-12-07T16:56:55.123Z}. */
  void time(long epochMillis, LineBuffer out) {
    long sec = Math.floorDiv(epochMillis, 1000);
    int ms = (int) Math.floorMod(epochMillis, 1000);
    if (sec != second) {
      second = sec;
      String text = LocalDateTime.ofEpochSecond(sec, 0, ZoneOffset.UTC).toString();
      if (text.length() == 16) {
        text += ":00"; // LocalDateTime leaves out zero seconds
      }
      secondText = ascii(text);
    }
    out.put(secondText);
    byte[] b = out.reserve(5);
    int at = out.length();
    b[at] = '.';
    b[at + 1] = (byte) ('0' + ms / 100);
    b[at + 2] = (byte) ('0' + ms / 10 % 10);
    b[at + 3] = (byte) ('0' + ms % 10);
    b[at + 4] = 'Z';
    out.advance(5);
  }

  /** Nanoseconds as milliseconds with three decimals (microseconds). */
  static void millis(long nanos, LineBuffer out) {
    long micros = Math.max(0, nanos) / 1000;
    number(micros / 1000, out);
    int frac = (int) (micros % 1000);
    byte[] b = out.reserve(4);
    int at = out.length();
    b[at] = '.';
    b[at + 1] = (byte) ('0' + frac / 100);
    b[at + 2] = (byte) ('0' + frac / 10 % 10);
    b[at + 3] = (byte) ('0' + frac % 10);
    out.advance(4);
  }

  /** A number in decimal, as {@link Long#toString(long)} writes it. */
  static void number(long v, LineBuffer out) {
    if (v < 0 || v > Integer.MAX_VALUE) {
      out.put(ascii(Long.toString(v))); // never for a status, a count or a size in practice
      return;
    }
    int n = (int) v; // int division: several times cheaper than long division
    int digits = digits(n);
    byte[] b = out.reserve(digits);
    int at = out.length() + digits;
    do {
      int q = n / 10;
      b[--at] = (byte) ('0' + n - q * 10);
      n = q;
    } while (n != 0);
    out.advance(digits);
  }

  private static int digits(int n) {
    int d = 1;
    for (int limit = 10; d < 10 && n >= limit; limit *= 10) {
      d++;
    }
    return d;
  }

  /** A JSON string (RFC 8259 §7), or {@code null}. */
  static void string(CharSequence s, LineBuffer out) {
    if (s == null) {
      out.put(NULL);
      return;
    }
    int n = s.length();
    // At most six bytes a char (an escape), plus the quotes: one check for the whole string.
    byte[] b = out.reserve(6 * n + 2);
    int at = out.length();
    b[at++] = '"';
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
        b[at++] = (byte) c; // the usual case: printable ASCII
      } else {
        at = special(s, i, b, at);
        if (Character.isHighSurrogate(c)
            && i + 1 < n
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++; // the pair was written whole
        }
      }
    }
    b[at++] = '"';
    out.advance(at - out.length());
  }

  /**
   * Writes the char at {@code i}, which is not printable ASCII or needs an escape, at {@code at};
   * returns where the next byte goes. Line separators are escaped too (some log shippers split on
   * them); a valid surrogate pair becomes its four UTF-8 bytes, a lone surrogate (not encodable in
   * UTF-8) U+FFFD.
   */
  private static int special(CharSequence s, int i, byte[] b, int at) {
    char c = s.charAt(i);
    switch (c) {
      case '"', '\\' -> {
        b[at++] = '\\';
        b[at++] = (byte) c;
      }
      case '\n' -> at = escape('n', b, at);
      case '\r' -> at = escape('r', b, at);
      case '\t' -> at = escape('t', b, at);
      default -> {
        if (c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029) {
          b[at++] = '\\';
          b[at++] = 'u';
          b[at++] = HEX[(c >> 12) & 0xf];
          b[at++] = HEX[(c >> 8) & 0xf];
          b[at++] = HEX[(c >> 4) & 0xf];
          b[at++] = HEX[c & 0xf];
        } else if (Character.isSurrogate(c)) {
          if (Character.isHighSurrogate(c)
              && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1))) {
            int cp = Character.toCodePoint(c, s.charAt(i + 1));
            b[at++] = (byte) (0xf0 | (cp >> 18));
            b[at++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
            b[at++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
            b[at++] = (byte) (0x80 | (cp & 0x3f));
          } else {
            at = utf8((char) 0xFFFD, b, at);
          }
        } else {
          at = utf8(c, b, at);
        }
      }
    }
    return at;
  }

  private static int escape(char letter, byte[] b, int at) {
    b[at] = '\\';
    b[at + 1] = (byte) letter;
    return at + 2;
  }

  /**
   * A char of the Basic Multilingual Plane, not a surrogate, from U+0080 on: two or three bytes.
   */
  private static int utf8(char c, byte[] b, int at) {
    if (c < 0x800) {
      b[at++] = (byte) (0xc0 | (c >> 6));
    } else {
      b[at++] = (byte) (0xe0 | (c >> 12));
      b[at++] = (byte) (0x80 | ((c >> 6) & 0x3f));
    }
    b[at++] = (byte) (0x80 | (c & 0x3f));
    return at;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
