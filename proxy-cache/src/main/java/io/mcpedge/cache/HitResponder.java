package io.mcpedge.cache;

import io.mcpedge.cache.http.EntityTags;
import io.mcpedge.cache.http.Fields;
import io.mcpedge.cache.http.HeaderView;
import io.mcpedge.cache.http.HttpDate;
import java.util.List;
import java.util.Set;

/**
 * Turns a usable stored entry into the answer to one request: conditional requests (RFC 9110 §13.1,
 * evaluated in the order of §13.2.2) and byte ranges (§14).
 *
 * <p>Several ranges are answered with the whole representation (200), which §14.2 permits, so no
 * multipart body is ever built.
 */
public final class HitResponder {

  /** RFC 9110 §15.4.5: the fields a 304 carries. */
  static final Set<String> NOT_MODIFIED_FIELDS =
      Set.of(
          "cache-control", "content-location", "date", "etag", "expires", "vary", "last-modified");

  private HitResponder() {}

  /** The answer for a lookup whose decision is served from the cache. */
  public static Delivery respond(LookupResult lookup) {
    return respond(lookup, lookup.entry(), lookup.now());
  }

  /**
   * The answer to {@code lookup}'s request from {@code e}, which may be another entry than the one
   * looked up: the one a 304 has just updated (RFC 9111 §4.3.4), or a stale one served on error.
   * {@code now} is when it is served, for {@code Age} and the remaining freshness.
   */
  public static Delivery respond(LookupResult lookup, StoredResponse e, long now) {
    HeaderView req = lookup.request().headers();
    long age = Math.min(2147483648L, e.timing().currentAge(now) / 1000);
    long ttl = Math.floorDiv(e.timing().remaining(now), 1000);
    String status = CacheStatus.hit(ttl);
    boolean head = lookup.request().method().equals("HEAD");
    int length = e.body().length();
    if (notModified(e, req)) {
      return new Delivery(
          304, e, notModifiedHeaders(e), 0, 0, false, null, age, CacheStatus.X_CACHE_HIT, status);
    }
    if (!head && e.status() == 200 && req.contains("range") && ifRangeHolds(e, req)) {
      long[] range = ByteRanges.single(req.get("range"), length);
      if (range == ByteRanges.UNSATISFIABLE) {
        return new Delivery(
            416,
            e,
            Fields.of(),
            0,
            0,
            false,
            "bytes */" + length,
            age,
            CacheStatus.X_CACHE_HIT,
            status);
      }
      if (range != null) {
        int from = (int) range[0];
        int to = (int) range[1];
        return new Delivery(
            206,
            e,
            e.headers(),
            from,
            to - from + 1,
            true,
            "bytes " + from + "-" + to + "/" + length,
            age,
            CacheStatus.X_CACHE_HIT,
            status);
      }
    }
    return new Delivery(
        e.status(), e, e.headers(), 0, length, !head, null, age, CacheStatus.X_CACHE_HIT, status);
  }

  /**
   * RFC 9110 §13.2.2 steps 3-4: {@code If-None-Match} (weak comparison, {@code *}) wins over {@code
   * If-Modified-Since}, which compares against {@code Last-Modified}, or failing that the {@code
   * Date} of the stored response (RFC 9111 §4.3.2).
   */
  static boolean notModified(StoredResponse e, HeaderView req) {
    List<String> inm = req.getAll("if-none-match");
    if (!inm.isEmpty()) {
      String etag = e.etag();
      for (String line : inm) {
        if (line.trim().equals("*")) {
          return true;
        }
      }
      return etag != null && EntityTags.anyWeakMatch(inm, etag);
    }
    long since = HttpDate.parse(req.get("if-modified-since"));
    if (since == HttpDate.INVALID) {
      return false;
    }
    String lm = e.lastModified() != null ? e.lastModified() : e.headers().get("date");
    long modified = HttpDate.parse(lm);
    return modified != HttpDate.INVALID && modified <= since;
  }

  /** RFC 9110 §13.1.5: a range applies only if the validator in {@code If-Range} still holds. */
  static boolean ifRangeHolds(StoredResponse e, HeaderView req) {
    String ifRange = req.get("if-range");
    if (ifRange == null) {
      return true;
    }
    String v = ifRange.trim();
    if (v.startsWith("\"") || v.startsWith("W/")) {
      return EntityTags.strongMatch(v, e.etag());
    }
    long date = HttpDate.parse(v);
    return date != HttpDate.INVALID && date == HttpDate.parse(e.lastModified());
  }

  static Fields notModifiedHeaders(StoredResponse e) {
    Fields.Builder b = Fields.builder();
    e.headers()
        .forEach(
            (n, v) -> {
              if (NOT_MODIFIED_FIELDS.contains(n.toLowerCase(java.util.Locale.ROOT))) {
                b.add(n, v);
              }
            });
    return b.build();
  }
}
