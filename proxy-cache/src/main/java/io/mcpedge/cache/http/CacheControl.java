package io.mcpedge.cache.http;

import java.util.List;
import java.util.Locale;

/**
 * The parsed {@code Cache-Control} directives of one request or response (RFC 9111 §5.2).
 *
 * <p>Parsing is lenient where the RFC asks recipients to be: names are case-insensitive, argument
 * values may be tokens or quoted strings (§5.2), unknown extensions are ignored (§5.2.3). Where a
 * response directive is invalid or repeated with different values, the most restrictive reading is
 * taken: a bad or conflicting {@code max-age} / {@code s-maxage} makes the response stale (§4.2.1).
 * Qualified {@code no-cache="field"} and {@code private="field"} are treated as unqualified, which
 * §5.2.2.4 and §5.2.2.7 allow.
 */
public final class CacheControl {

  /** The value of a delta-seconds directive that is absent. */
  public static final long ABSENT = -1;

  /** The value of {@code max-stale} without an argument: any staleness is acceptable. */
  public static final long ANY = Long.MAX_VALUE;

  /** RFC 9111 §1.2.2: delta-seconds that overflow are taken as 2^31. */
  static final long MAX_DELTA = 2147483648L;

  private static final CacheControl NONE = new CacheControl();

  long maxAge = ABSENT;
  long sMaxAge = ABSENT;
  long maxStale = ABSENT;
  long minFresh = ABSENT;
  long staleWhileRevalidate = ABSENT;
  long staleIfError = ABSENT;
  boolean noStore;
  boolean noCache;
  boolean isPrivate;
  boolean isPublic;
  boolean mustRevalidate;
  boolean proxyRevalidate;
  boolean onlyIfCached;
  boolean noTransform;
  boolean immutable;
  boolean mustUnderstand;
  boolean targeted;
  boolean credentialConsent;

  CacheControl() {}

  /** Parses every {@code Cache-Control} line of {@code headers}. */
  public static CacheControl of(HeaderView headers) {
    return parse(headers.getAll("cache-control"));
  }

  /** Parses field lines; an empty list gives no directives. */
  public static CacheControl parse(List<String> lines) {
    if (lines.isEmpty()) {
      return NONE;
    }
    CacheControl cc = new CacheControl();
    CacheControlParser parser = new CacheControlParser(cc);
    for (String line : lines) {
      parser.parseLine(line);
    }
    return cc;
  }

  /** {@code max-age} in seconds, or {@link #ABSENT}. */
  public long maxAge() {
    return maxAge;
  }

  /** {@code s-maxage} in seconds, or {@link #ABSENT}. */
  public long sMaxAge() {
    return sMaxAge;
  }

  /** Request {@code max-stale} in seconds, {@link #ANY} without argument, or {@link #ABSENT}. */
  public long maxStale() {
    return maxStale;
  }

  /** Request {@code min-fresh} in seconds, or {@link #ABSENT}. */
  public long minFresh() {
    return minFresh;
  }

  /** RFC 5861 {@code stale-while-revalidate} in seconds, or {@link #ABSENT}. */
  public long staleWhileRevalidate() {
    return staleWhileRevalidate;
  }

  /** RFC 5861 {@code stale-if-error} in seconds, or {@link #ABSENT}. */
  public long staleIfError() {
    return staleIfError;
  }

  public boolean noStore() {
    return noStore;
  }

  public boolean noCache() {
    return noCache;
  }

  public boolean isPrivate() {
    return isPrivate;
  }

  public boolean isPublic() {
    return isPublic;
  }

  public boolean mustRevalidate() {
    return mustRevalidate;
  }

  public boolean proxyRevalidate() {
    return proxyRevalidate;
  }

  public boolean onlyIfCached() {
    return onlyIfCached;
  }

  public boolean noTransform() {
    return noTransform;
  }

  /** RFC 9111 §5.2.2.3 {@code must-understand}. */
  public boolean mustUnderstand() {
    return mustUnderstand;
  }

  public boolean immutable() {
    return immutable;
  }

  /**
   * Whether these directives come from a targeted field (RFC 9213 §2.2), which replaces {@code
   * Expires} as well as {@code Cache-Control}.
   */
  public boolean targeted() {
    return targeted;
  }

  /**
   * RFC 9111 §3.5: whether the response lets a shared cache answer requests with credentials from
   * it ({@code public}, {@code s-maxage} or {@code must-revalidate}). For targeted directives only
   * {@code Cache-Control}'s consent counts, see {@link TargetedCacheControl}.
   */
  public boolean sharesAuthenticated() {
    if (targeted) {
      return credentialConsent && !isPrivate;
    }
    return isPublic || sMaxAge >= 0 || mustRevalidate;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("CacheControl[");
    append(sb, "max-age", maxAge);
    append(sb, "s-maxage", sMaxAge);
    append(sb, "max-stale", maxStale);
    append(sb, "min-fresh", minFresh);
    append(sb, "stale-while-revalidate", staleWhileRevalidate);
    append(sb, "stale-if-error", staleIfError);
    flag(sb, "no-store", noStore);
    flag(sb, "no-cache", noCache);
    flag(sb, "private", isPrivate);
    flag(sb, "public", isPublic);
    flag(sb, "must-revalidate", mustRevalidate);
    flag(sb, "proxy-revalidate", proxyRevalidate);
    flag(sb, "only-if-cached", onlyIfCached);
    return sb.append(']').toString();
  }

  private static void append(StringBuilder sb, String name, long v) {
    if (v != ABSENT) {
      sb.append(name).append('=').append(v).append(' ');
    }
  }

  private static void flag(StringBuilder sb, String name, boolean v) {
    if (v) {
      sb.append(name).append(' ');
    }
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
