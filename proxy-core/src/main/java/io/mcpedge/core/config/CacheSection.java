package io.mcpedge.core.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the global {@code cache} section and a route's {@code cache} policy, and enforces the rule
 * that keeps the cache credential-safe: a forced TTL ({@code override}) ignores the origin's {@code
 * private} and {@code Vary: Authorization}, so it must either key entries per credential or be
 * declared {@code public} on purpose.
 */
final class CacheSection {

  static final List<String> GLOBAL_KEYS =
      List.of(
          "maxSize",
          "maxObjectSize",
          "credentialHeader",
          "credentialCookies",
          "coalesceTimeout",
          "uncacheableMemory",
          "directBodyMemory");
  static final List<String> ROUTE_KEYS =
      List.of(
          "mode",
          "ttl",
          "scope",
          "staleWhileRevalidate",
          "staleIfError",
          "negativeTtl",
          "heuristic");

  static final ByteSize DEFAULT_MAX_SIZE = ByteSize.ofBytes(64L << 20);
  static final ByteSize DEFAULT_MAX_OBJECT_SIZE = ByteSize.ofBytes(8L << 20);
  static final ByteSize DEFAULT_DIRECT_BODY_MEMORY = ByteSize.ofBytes(8L << 20);

  private CacheSection() {}

  static CacheConfig global(Node node) {
    Fields f = Fields.of(node, "a mapping with keys " + GLOBAL_KEYS, GLOBAL_KEYS);
    ByteSize maxSize = f.size("maxSize", DEFAULT_MAX_SIZE, 1);
    ByteSize maxObject = f.size("maxObjectSize", DEFAULT_MAX_OBJECT_SIZE, 1);
    if (maxObject.bytes() > maxSize.bytes()) {
      f.child("maxObjectSize").problem("at most cache.maxSize");
    }
    String header = "Authorization";
    if (f.has("credentialHeader")) {
      String h = Scalars.headerName(f.child("credentialHeader"));
      header = h == null ? header : h;
    }
    List<String> cookies = new ArrayList<>();
    Node list = f.child("credentialCookies");
    if (!list.present()) {
      cookies = List.of("jwt_token", "access_token");
    }
    for (Node e : list.elements("a list of cookie names")) {
      String c = Scalars.headerName(e);
      if (c != null) {
        cookies.add(c);
      }
    }
    return new CacheConfig(
        maxSize,
        maxObject,
        header,
        cookies,
        f.duration("coalesceTimeout", Duration.ofSeconds(5), Scalars.Bound.POSITIVE),
        f.duration("uncacheableMemory", Duration.ofMinutes(2), Scalars.Bound.NON_NEGATIVE),
        f.size("directBodyMemory", DEFAULT_DIRECT_BODY_MEMORY, 0));
  }

  /** A route's cache policy; {@link RouteCacheConfig#OFF} when absent. */
  static RouteCacheConfig route(Node node) {
    Fields f = Fields.of(node, "a mapping with keys " + ROUTE_KEYS, ROUTE_KEYS);
    if (!f.present()) {
      return RouteCacheConfig.OFF;
    }
    CacheMode mode = f.requiredChoice("mode", Spelling.CACHE_MODE);
    if (mode == null) {
      return RouteCacheConfig.OFF;
    }
    if (mode == CacheMode.OFF) {
      onlyWith(f, false, "mode rfc9111 or override", ROUTE_KEYS.subList(1, ROUTE_KEYS.size()));
    } else {
      onlyWith(f, mode == CacheMode.OVERRIDE, "mode override", List.of("ttl"));
      onlyWith(f, mode == CacheMode.RFC9111, "mode rfc9111", List.of("heuristic"));
    }
    Duration ttl = Duration.ZERO;
    if (mode == CacheMode.OVERRIDE) {
      Node t = f.required("ttl", "a positive duration: override replaces the origin's freshness");
      Duration d = t == null ? null : Scalars.duration(t, Scalars.Bound.POSITIVE);
      ttl = d == null ? ttl : d;
    }
    return new RouteCacheConfig(
        mode,
        ttl,
        scope(f, mode),
        f.duration("staleWhileRevalidate", Duration.ZERO, Scalars.Bound.NON_NEGATIVE),
        f.duration("staleIfError", Duration.ZERO, Scalars.Bound.NON_NEGATIVE),
        f.duration("negativeTtl", Duration.ZERO, Scalars.Bound.NON_NEGATIVE),
        f.bool("heuristic", false));
  }

  private static CacheScope scope(Fields f, CacheMode mode) {
    if (mode != CacheMode.OVERRIDE) {
      return f.choice("scope", CacheScope.SHARED, Spelling.CACHE_SCOPE);
    }
    // The gateway answers API reads per credential (RBAC, teams). A forced TTL on a shared entry
    // would serve one user's answer to everybody, which is exactly the leak of the seed's VCL.
    String safe = "per-credential, or public for answers that are the same for every client";
    Node n = f.required("scope", safe);
    CacheScope scope = n == null ? null : Scalars.choice(n, Spelling.CACHE_SCOPE);
    if (scope == CacheScope.SHARED) {
      n.problem(safe + "; override with shared could share authenticated answers");
    }
    return scope == null ? CacheScope.PER_CREDENTIAL : scope;
  }

  /** Reports each of {@code keys} present although {@code allowed} is false. */
  private static void onlyWith(Fields f, boolean allowed, String condition, List<String> keys) {
    if (allowed) {
      return;
    }
    for (String key : keys) {
      if (f.has(key)) {
        f.child(key).problem("only with " + condition);
      }
    }
  }
}
