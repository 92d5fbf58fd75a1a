package io.mcpedge.cache.http;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
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
  private static final DateTimeFormatter RFC850 =
      DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss 'GMT'", Locale.US)
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
        ZonedDateTime t = ZonedDateTime.parse(v, f);
        if (f == RFC850) {
          t = twoDigitYear(t);
        }
        return t.toInstant().toEpochMilli();
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

  // RFC 9110 §5.6.7 resolves two-digit years against the current year; a fixed pivot keeps this
  // free of a clock, and RFC 850 dates only come from senders older than the pivot anyway.
  private static ZonedDateTime twoDigitYear(ZonedDateTime t) {
    return t.getYear() >= 2070 ? t.minusYears(100) : t;
  }
}
