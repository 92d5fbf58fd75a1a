package io.mcpedge.cache.http;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * HTTP-date parsing and formatting (RFC 9110 §5.6.7).
 *
 * <p>Recipients must accept the two obsolete formats as well as IMF-fixdate; everything else,
 * including {@code Expires: 0}, is invalid, which callers treat as "in the past" (RFC 9111 §5.3).
 */
public final class HttpDate {

  /** Returned for an absent or unparseable date. */
  public static final long INVALID = Long.MIN_VALUE;

  private static final DateTimeFormatter IMF =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);
  // RFC 9110 §5.6.7 resolves two-digit years against the current year; a fixed base (1970-2069)
  // keeps parsing free of a clock, and RFC 850 dates only come from very old senders anyway.
  private static final DateTimeFormatter RFC850 =
      new DateTimeFormatterBuilder()
          .appendPattern("EEEE, dd-MMM-")
          .appendValueReduced(ChronoField.YEAR, 2, 2, 1970)
          .appendPattern(" HH:mm:ss 'GMT'")
          .toFormatter(Locale.US)
          .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter ASCTIME =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US).withZone(ZoneOffset.UTC);

  private HttpDate() {}

  /** Epoch milliseconds of an HTTP-date, or {@link #INVALID}. */
  public static long parse(String value) {
    if (value == null) {
      return INVALID;
    }
    String v = value.trim();
    for (DateTimeFormatter f : new DateTimeFormatter[] {IMF, RFC850, ASCTIME}) {
      try {
        return ZonedDateTime.parse(v, f).toInstant().toEpochMilli();
      } catch (DateTimeParseException e) {
        // try the next format
      }
    }
    return INVALID;
  }

  /** IMF-fixdate of epoch milliseconds. */
  public static String format(long epochMillis) {
    return IMF.format(java.time.Instant.ofEpochMilli(epochMillis));
  }
}
