package io.mcpedge.cache;

import io.mcpedge.cache.http.CacheControl;
import io.mcpedge.cache.http.HeaderView;
import io.mcpedge.core.config.CacheMode;
import io.mcpedge.core.config.CacheScope;
import io.mcpedge.core.config.RouteCacheConfig;

/**
 * Decides whether a response may be stored (RFC 9111 §3) under a route's policy.
 *
 * <p>Some refusals hold in every mode because they protect users rather than follow the origin: 5xx
 * answers, partial content, {@code Set-Cookie} (an anonymous per-credential entry would hand one
 * client's session to everybody), {@code Vary: *}, and anything too large. In {@link
 * CacheMode#OVERRIDE} the origin's freshness and {@code no-store}/{@code private} are ignored, as a
 * VCL forced TTL does, but only for the statuses {@link ForcedTtl} allows, and only a
 * per-credential or public route may store an answer to a request that carried a credential.
 */
public final class Storability {

  /** Why a response was or was not stored; {@code reason} feeds the Cache-Status detail. */
  public record Decision(boolean store, String reason) {
    static final Decision STORE = new Decision(true, "stored");

    static Decision refuse(String reason) {
      return new Decision(false, reason);
    }
  }

  private final long maxObjectSize;

  public Storability(long maxObjectSize) {
    if (maxObjectSize <= 0) {
      throw new IllegalArgumentException("maxObjectSize: " + maxObjectSize + " (expected: > 0)");
    }
    this.maxObjectSize = maxObjectSize;
  }

  /**
   * Whether the response may be stored.
   *
   * @param credentialed whether the request carried a credential (see {@link CacheKeys})
   */
  public Decision decide(
      RouteCacheConfig route,
      CacheRequest request,
      boolean credentialed,
      int status,
      HeaderView response,
      CacheControl cc) {
    Decision common = common(route, request, status, response);
    if (common != null) {
      return common;
    }
    if (route.mode() == CacheMode.OVERRIDE) {
      if (!ForcedTtl.stores(route, status)) {
        return Decision.refuse("status");
      }
      return credentialed && route.scope() == CacheScope.SHARED
          ? Decision.refuse("credentials")
          : Decision.STORE;
    }
    return rfc9111(route, credentialed, status, response, cc);
  }

  private Decision common(RouteCacheConfig route, CacheRequest request, int status, HeaderView r) {
    if (route.mode() == CacheMode.OFF) {
      return Decision.refuse("off");
    }
    // HEAD responses carry no body; they only freshen a stored GET (§4.3.5).
    if (!request.method().equals("GET")) {
      return Decision.refuse("method");
    }
    if (status < 200 || status >= 500 || status == 206 || status == 304) {
      return Decision.refuse("status");
    }
    if (r.contains("set-cookie")) {
      return Decision.refuse("set-cookie");
    }
    if (VaryKey.names(r) == VaryKey.STAR) {
      return Decision.refuse("vary-star");
    }
    // RFC 9110 §14.4: Content-Range means something only in a 206 (refused above) or a 416; on
    // any other status it describes nothing, and a 200 carrying one is a complete answer.
    if (status == 416 && r.contains("content-range")) {
      return Decision.refuse("partial");
    }
    if (tooLarge(r.get("content-length"))) {
      return Decision.refuse("too-large");
    }
    // §5.2.1.5: no part of a response to a no-store request may be stored, in any mode.
    if (CacheControl.of(request.headers()).noStore()) {
      return Decision.refuse("request-no-store");
    }
    return null;
  }

  private Decision rfc9111(
      RouteCacheConfig route,
      boolean credentialed,
      int status,
      HeaderView response,
      CacheControl cc) {
    // §5.2.2.3: must-understand stores only statuses the cache knows, and then overrides no-store.
    if (cc.mustUnderstand() ? !understood(status) : cc.noStore()) {
      return Decision.refuse(cc.mustUnderstand() ? "status" : "no-store");
    }
    // §5.2.2.7: a shared cache never stores private responses; the qualified form is treated alike.
    // A per-credential entry is private to its credential, but anonymous clients share theirs.
    if (cc.isPrivate() && !(credentialed && route.scope() == CacheScope.PER_CREDENTIAL)) {
      return Decision.refuse("private");
    }
    // §3.5: a shared entry for a request with credentials needs the response's explicit consent.
    if (credentialed && route.scope() == CacheScope.SHARED && !cc.sharesAuthenticated()) {
      return Decision.refuse("credentials");
    }
    // §3: stored only with explicit freshness, public, a heuristically cacheable status, or
    // validators that make a stale copy worth revalidating.
    boolean explicit = Freshness.hasExplicitFreshness(response, cc) || cc.isPublic();
    boolean heuristic =
        Freshness.heuristicallyCacheable(status)
            && (route.heuristic() || (ForcedTtl.negative(status) && !route.negativeTtl().isZero()));
    boolean validators = response.contains("etag") || response.contains("last-modified");
    if (!explicit && !heuristic && !validators && !cc.noCache()) {
      return Decision.refuse("no-freshness");
    }
    return Decision.STORE;
  }

  /**
   * Status codes whose semantics this cache knows, for {@code must-understand} (§5.2.2.3). Without
   * that directive any final status may be stored (§3); 5xx, 206 and 304 never are, by choice.
   */
  static boolean understood(int status) {
    return (status >= 200 && status <= 205)
        || status == 300
        || status == 301
        || status == 302
        || status == 303
        || status == 307
        || status == 308
        || (status >= 400 && status <= 499);
  }

  boolean tooLarge(String contentLength) {
    if (contentLength == null) {
      return false;
    }
    try {
      return Long.parseLong(contentLength.trim()) > maxObjectSize;
    } catch (NumberFormatException e) {
      return true;
    }
  }

  public long maxObjectSize() {
    return maxObjectSize;
  }
}
