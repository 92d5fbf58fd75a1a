package io.mcpedge.server.accesslog;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * Writes an {@link AccessLogLine} as one JSON object (RFC 8259) on one line. Hand-written rather
 * than through a JSON library: the shape is fixed, and escaping is the only subtle part (§7: the
 * quotation mark, the reverse solidus and every control character are escaped, so that a value can
 * never end the line or the string early, whatever bytes a client put in its request target). Runs
 * on the writer thread; one instance per writer, not thread-safe (it remembers the last second it
 * formatted).
 */
final class AccessLogFormat {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private long second = Long.MIN_VALUE;
  private String secondText;

  /** Appends {@code line} as JSON and a line feed to {@code out}. */
  void append(AccessLogLine line, StringBuilder out) {
    out.append("{\"time\":\"");
    time(line.epochMillis(), out);
    out.append("\",\"route\":");
    string(line.route(), out);
    out.append(",\"method\":");
    string(line.method(), out);
    out.append(",\"path\":");
    string(line.target(), out);
    out.append(",\"protocol\":");
    string(line.protocol(), out);
    out.append(",\"status\":").append(line.status());
    out.append(",\"bytesIn\":").append(line.bytesIn());
    out.append(",\"bytesOut\":").append(line.bytesOut());
    out.append(",\"durationMs\":");
    millis(line.durationNanos(), out);
    out.append(",\"upstreamHeadMs\":");
    if (line.upstreamHeadNanos() < 0) {
      out.append("null");
    } else {
      millis(line.upstreamHeadNanos(), out);
    }
    out.append(",\"upstream\":");
    string(line.upstream(), out);
    out.append(",\"attempts\":").append(line.attempts());
    out.append(",\"cache\":");
    string(line.cache().name().toLowerCase(Locale.ROOT), out);
    out.append(",\"rejection\":");
    string(line.rejection(), out);
    out.append(",\"traceId\":");
    string(line.traceId(), out);
    out.append(",\"client\":");
    string(line.client(), out);
    out.append(",\"connection\":");
    string(line.connection(), out);
    if (line.mcpMethod() != null) {
      // Only on verified MCP requests, so that other lines cost nothing more.
      out.append(",\"mcpMethod\":");
      string(line.mcpMethod(), out);
      out.append(",\"mcpName\":");
      string(line.mcpName(), out);
    }
    out.append("}\n");
  }

  /** RFC 3339 (§5.6) in UTC with milliseconds: {@code 2026-12-07T16:56:55.123Z}. */
  void time(long epochMillis, StringBuilder out) {
    long sec = Math.floorDiv(epochMillis, 1000);
    int ms = (int) Math.floorMod(epochMillis, 1000);
    if (sec != second) {
      second = sec;
      secondText = LocalDateTime.ofEpochSecond(sec, 0, ZoneOffset.UTC).toString();
      if (secondText.length() == 16) {
        secondText += ":00"; // LocalDateTime leaves out zero seconds
      }
    }
    out.append(secondText).append('.');
    if (ms < 100) {
      out.append('0');
    }
    if (ms < 10) {
      out.append('0');
    }
    out.append(ms).append('Z');
  }

  /** Nanoseconds as milliseconds with three decimals (microseconds). */
  static void millis(long nanos, StringBuilder out) {
    long micros = Math.max(0, nanos) / 1000;
    out.append(micros / 1000).append('.');
    long frac = micros % 1000;
    if (frac < 100) {
      out.append('0');
    }
    if (frac < 10) {
      out.append('0');
    }
    out.append(frac);
  }

  /** A JSON string (RFC 8259 §7), or {@code null}. */
  static void string(CharSequence s, StringBuilder out) {
    if (s == null) {
      out.append("null");
      return;
    }
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029) {
            // Line separators too: some log shippers split on them.
            out.append("\\u")
                .append(HEX[(c >> 12) & 0xf])
                .append(HEX[(c >> 8) & 0xf])
                .append(HEX[(c >> 4) & 0xf])
                .append(HEX[c & 0xf]);
          } else if (Character.isSurrogate(c)) {
            surrogate(s, i, out);
            if (Character.isHighSurrogate(c)
                && i + 1 < s.length()
                && Character.isLowSurrogate(s.charAt(i + 1))) {
              i++;
            }
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /** A valid pair is kept; a lone surrogate (not encodable in UTF-8) becomes U+FFFD. */
  private static void surrogate(CharSequence s, int i, StringBuilder out) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)
        && i + 1 < s.length()
        && Character.isLowSurrogate(s.charAt(i + 1))) {
      out.append(c).append(s.charAt(i + 1));
    } else {
      out.append((char) 0xFFFD);
    }
  }
}
