package io.mcpedge.cache;

import io.mcpedge.cache.http.CacheControl;
import io.mcpedge.cache.http.HeaderView;
import io.mcpedge.core.config.CacheMode;
import io.mcpedge.core.config.CacheScope;
import io.mcpedge.core.config.RouteCacheConfig;
import java.time.InstantSource;

/**
 * Decides how a request is answered given what is stored (RFC 9111 §4, §5.2.1; RFC 5861).
 *
 * <p>Non-blocking and allocation-light on the hit path: one key, one store read, arithmetic on the
 * entry's precomputed {@link Timing}.
 */
public final class CacheLookup {

  private final CacheStore store;
  private final CacheKeys keys;
  private final InstantSource clock;

  public CacheLookup(CacheStore store, CacheKeys keys, InstantSource clock) {
    this.store = store;
    this.keys = keys;
    this.clock = clock;
  }

  /** Looks {@code request} up under {@code route}'s policy. */
  public LookupResult lookup(RouteCacheConfig route, CacheRequest request) {
    long now = clock.millis();
    HeaderView h = request.headers();
    if (route.mode() == CacheMode.OFF) {
      return bypass(route, request, now, "bypass");
    }
    if (!request.isCacheableMethod()) {
      return bypass(route, request, now, "method");
    }
    // §4.3.2: preconditions meant for the origin are not evaluated against stored responses.
    if (h.contains("if-match") || h.contains("if-unmodified-since")) {
      return bypass(route, request, now, "request");
    }
    CacheControl cc = requestDirectives(h);
    boolean credentialed = keys.hasCredentials(h);
    CacheKey key = keys.key(route, request);
    Variants variants = store.variants(key);
    if (variants == null) {
      return miss(route, request, key, null, credentialed, cc, now, "uri-miss");
    }
    StoredResponse entry = variants.select(h);
    if (entry == null) {
      return miss(route, request, key, null, credentialed, cc, now, "vary-miss");
    }
    // §3.5 read side: an authenticated request gets a shared entry only with the response's
    // consent; an override route never shares authenticated answers at all.
    if (credentialed
        && route.scope() == CacheScope.SHARED
        && (route.mode() == CacheMode.OVERRIDE || !entry.servableWithCredentials())) {
      return miss(route, request, key, null, credentialed, cc, now, "request");
    }
    return decide(route, request, key, entry, credentialed, cc, now);
  }

  private LookupResult decide(
      RouteCacheConfig route,
      CacheRequest request,
      CacheKey key,
      StoredResponse entry,
      boolean credentialed,
      CacheControl cc,
      long now) {
    Timing t = entry.timing();
    long age = t.currentAge(now);
    long remaining = t.freshnessLifetime() - age;
    if (cc.noCache()) {
      return revalidate(route, request, key, entry, credentialed, cc, now, "request");
    }
    if (t.alwaysRevalidate()) {
      return revalidate(route, request, key, entry, credentialed, cc, now, "stale");
    }
    boolean clientLimits = cc.maxAge() >= 0 || cc.minFresh() >= 0;
    if (remaining > 0) {
      if (acceptable(cc, age, remaining)) {
        return result(Decision.FRESH_HIT, route, request, key, entry, credentialed, cc, now, null);
      }
      return revalidate(route, request, key, entry, credentialed, cc, now, "request");
    }
    long staleness = -remaining;
    if (!t.neverStale()) {
      // §5.2.1.2: the client accepts this much staleness.
      if (cc.maxStale() >= 0 && staleness <= millis(cc.maxStale()) && acceptableAge(cc, age)) {
        return result(Decision.STALE_HIT, route, request, key, entry, credentialed, cc, now, null);
      }
      if (!clientLimits && staleness < t.staleWhileRevalidate()) {
        return result(
            Decision.STALE_WHILE_REVALIDATE,
            route,
            request,
            key,
            entry,
            credentialed,
            cc,
            now,
            null);
      }
    }
    return revalidate(route, request, key, entry, credentialed, cc, now, "stale");
  }

  /**
   * The entry to serve when the upstream fails (RFC 5861 §4, the route's grace), or {@code null}.
   * Never one that {@code must-revalidate}, {@code proxy-revalidate} or {@code s-maxage} forbids
   * serving stale (RFC 9111 §4.2.4).
   */
  public StoredResponse staleIfError(LookupResult lookup) {
    StoredResponse entry = lookup.entry();
    if (entry == null || entry.timing().neverStale()) {
      return null;
    }
    long now = clock.millis();
    long staleness = -entry.timing().remaining(now);
    return staleness < entry.timing().staleIfError() ? entry : null;
  }

  /** §5.2.1.1 {@code max-age} and §5.2.1.3 {@code min-fresh} of the request. */
  private static boolean acceptable(CacheControl cc, long age, long remaining) {
    return acceptableAge(cc, age) && (cc.minFresh() < 0 || remaining >= millis(cc.minFresh()));
  }

  // max-age=0 is how clients ask for validation (a reload), so it never accepts a stored answer.
  private static boolean acceptableAge(CacheControl cc, long age) {
    return cc.maxAge() < 0 || (cc.maxAge() > 0 && age <= millis(cc.maxAge()));
  }

  /** §5.4: {@code Pragma: no-cache} counts only when the request has no Cache-Control. */
  static CacheControl requestDirectives(HeaderView h) {
    if (!h.contains("cache-control")) {
      String pragma = h.get("pragma");
      if (pragma != null && pragma.toLowerCase(java.util.Locale.ROOT).contains("no-cache")) {
        return CacheControl.parse(java.util.List.of("no-cache"));
      }
    }
    return CacheControl.of(h);
  }

  private LookupResult revalidate(
      RouteCacheConfig route,
      CacheRequest request,
      CacheKey key,
      StoredResponse entry,
      boolean credentialed,
      CacheControl cc,
      long now,
      String reason) {
    if (cc.onlyIfCached()) {
      return result(
          Decision.GATEWAY_TIMEOUT, route, request, key, entry, credentialed, cc, now, reason);
    }
    Decision d = entry.hasValidators() ? Decision.MUST_REVALIDATE : Decision.MISS;
    return result(d, route, request, key, entry, credentialed, cc, now, reason);
  }

  private static LookupResult miss(
      RouteCacheConfig route,
      CacheRequest request,
      CacheKey key,
      StoredResponse entry,
      boolean credentialed,
      CacheControl cc,
      long now,
      String reason) {
    Decision d = cc.onlyIfCached() ? Decision.GATEWAY_TIMEOUT : Decision.MISS;
    return result(d, route, request, key, entry, credentialed, cc, now, reason);
  }

  private static LookupResult bypass(
      RouteCacheConfig route, CacheRequest request, long now, String reason) {
    return new LookupResult(
        Decision.BYPASS,
        route,
        request,
        null,
        null,
        false,
        CacheControl.parse(java.util.List.of()),
        now,
        reason);
  }

  private static LookupResult result(
      Decision d,
      RouteCacheConfig route,
      CacheRequest request,
      CacheKey key,
      StoredResponse entry,
      boolean credentialed,
      CacheControl cc,
      long now,
      String reason) {
    return new LookupResult(d, route, request, key, entry, credentialed, cc, now, reason);
  }

  private static long millis(long seconds) {
    return seconds >= Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : seconds * 1000L;
  }
}
