package io.mcpedge.cache;

import io.mcpedge.cache.http.CacheControl;
import io.mcpedge.cache.http.HeaderView;
import io.mcpedge.cache.http.HttpDate;
import io.mcpedge.core.config.CacheMode;
import io.mcpedge.core.config.RouteCacheConfig;
import java.util.List;

/**
 * Freshness lifetime and age of responses (RFC 9111 §4.2, RFC 5861).
 *
 * <p>Pure functions of the response headers, the route policy and the request/response times, so
 * they are tested without a store.
 */
public final class Freshness {

  /** §4.2.2 leaves the heuristic's cap open; a day keeps old resources from living for months. */
  static final long HEURISTIC_CAP_MILLIS = 86_400_000L;

  private static final long MAX_DELTA_MILLIS = 2147483648L * 1000L;

  private Freshness() {}

  /**
   * The timing facts of a response received at {@code responseTime} for a request sent at {@code
   * requestTime}.
   */
  public static Timing timing(
      RouteCacheConfig route,
      int status,
      HeaderView headers,
      CacheControl cc,
      long requestTime,
      long responseTime) {
    long lifetime =
        route.mode() == CacheMode.OVERRIDE
            ? ForcedTtl.lifetime(route, status)
            : lifetime(route, status, headers, cc, responseTime);
    boolean override = route.mode() == CacheMode.OVERRIDE;
    long swr =
        seconds(override ? CacheControl.ABSENT : cc.staleWhileRevalidate())
            + route.staleWhileRevalidate().toMillis();
    long sie =
        seconds(override ? CacheControl.ABSENT : cc.staleIfError())
            + route.staleIfError().toMillis();
    boolean alwaysRevalidate = !override && cc.noCache();
    boolean neverStale =
        !override && (cc.mustRevalidate() || cc.proxyRevalidate() || cc.sMaxAge() >= 0);
    return new Timing(
        responseTime,
        correctedInitialAge(headers, requestTime, responseTime),
        lifetime,
        swr,
        sie,
        alwaysRevalidate,
        neverStale);
  }

  /**
   * §4.2.1 freshness lifetime for a shared cache: {@code s-maxage}, else {@code max-age}, else
   * {@code Expires} minus {@code Date}; otherwise the route's negative TTL for a 404 or 410,
   * otherwise the §4.2.2 heuristic when the route enables it, otherwise zero.
   */
  static long lifetime(
      RouteCacheConfig route, int status, HeaderView headers, CacheControl cc, long responseTime) {
    if (cc.sMaxAge() >= 0) {
      return cc.sMaxAge() * 1000L;
    }
    if (cc.maxAge() >= 0) {
      return cc.maxAge() * 1000L;
    }
    // RFC 9213 §2.2: a targeted field replaces Expires too.
    List<String> expires = cc.targeted() ? List.of() : headers.getAll("expires");
    if (!expires.isEmpty()) {
      // §5.3: an invalid date, or several differing ones (§4.2.1), means already expired.
      if (expires.size() > 1 && !expires.stream().allMatch(expires.get(0)::equals)) {
        return 0;
      }
      long exp = HttpDate.parse(expires.get(0));
      return exp == HttpDate.INVALID ? 0 : Math.max(0, exp - dateValue(headers, responseTime));
    }
    if (ForcedTtl.negative(status) && !route.negativeTtl().isZero()) {
      return route.negativeTtl().toMillis();
    }
    if (route.heuristic() && heuristicallyCacheable(status)) {
      return heuristic(headers, responseTime);
    }
    return 0;
  }

  /** Whether the response carries explicit freshness information (§4.2.1). */
  public static boolean hasExplicitFreshness(HeaderView headers, CacheControl cc) {
    return cc.sMaxAge() >= 0 || cc.maxAge() >= 0 || (!cc.targeted() && headers.contains("expires"));
  }

  /** §4.2.2: a fraction (10%) of the time since {@code Last-Modified}, capped at a day. */
  static long heuristic(HeaderView headers, long responseTime) {
    long lastModified = HttpDate.parse(headers.get("last-modified"));
    if (lastModified == HttpDate.INVALID) {
      return 0;
    }
    long since = dateValue(headers, responseTime) - lastModified;
    return since <= 0 ? 0 : Math.min(HEURISTIC_CAP_MILLIS, since / 10);
  }

  /** RFC 9110 §15.1: status codes that are heuristically cacheable. */
  public static boolean heuristicallyCacheable(int status) {
    return switch (status) {
      case 200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501 -> true;
      default -> false;
    };
  }

  /**
   * §4.2.3 {@code corrected_initial_age}: the larger of the apparent age from {@code Date} and the
   * {@code Age} value plus the response delay. An invalid {@code Age} is ignored.
   */
  static long correctedInitialAge(HeaderView headers, long requestTime, long responseTime) {
    long date = dateValue(headers, responseTime);
    long apparentAge = Math.max(0, responseTime - date);
    long responseDelay = Math.max(0, responseTime - requestTime);
    long ageValue = ageValue(headers.get("age"));
    long correctedAgeValue = ageValue + responseDelay;
    return Math.max(apparentAge, correctedAgeValue);
  }

  /** The {@code Date} value, or {@code responseTime} when missing or invalid (RFC 9110 §6.6.1). */
  static long dateValue(HeaderView headers, long responseTime) {
    long date = HttpDate.parse(headers.get("date"));
    return date == HttpDate.INVALID ? responseTime : date;
  }

  /**
   * §5.1 {@code Age} in milliseconds; absent or invalid values count as zero. The field is a
   * singleton, but a sender that repeats it may do so on one line ({@code Age: 7200, 0}) as well as
   * on two: RFC 9110 §5.3 makes both spellings the same list, so both are read as their first
   * member (the first line of {@code headers.get}).
   */
  static long ageValue(String age) {
    if (age == null) {
      return 0;
    }
    int comma = age.indexOf(',');
    String a = (comma < 0 ? age : age.substring(0, comma)).trim();
    if (a.isEmpty()) {
      return 0;
    }
    long v = 0;
    for (int i = 0; i < a.length(); i++) {
      char c = a.charAt(i);
      if (c < '0' || c > '9') {
        return 0;
      }
      v = Math.min(2147483648L, v * 10 + (c - '0'));
    }
    return v * 1000L;
  }

  private static long seconds(long deltaSeconds) {
    return deltaSeconds < 0 ? 0 : Math.min(MAX_DELTA_MILLIS, deltaSeconds * 1000L);
  }
}
