package io.mcpedge.core.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

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
          "directBodyMemory",
          "targetedFields",
          "storage");
  static final List<String> ROUTE_KEYS =
      List.of(
          "mode",
          "ttl",
          "scope",
          "staleWhileRevalidate",
          "staleIfError",
          "negativeTtl",
          "heuristic",
          "overrideStatuses",
          "invalidates",
          "mcp");

  /** What {@code overrideStatuses} may list: final answers meant for everybody who may ask. */
  static final Set<Integer> OVERRIDABLE =
      new TreeSet<>(List.of(200, 203, 204, 300, 301, 302, 307, 308));

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
        f.size("directBodyMemory", DEFAULT_DIRECT_BODY_MEMORY, 0),
        targetedFields(f.child("targetedFields")),
        f.choice("storage", CacheStorage.HEAP, Spelling.CACHE_STORAGE));
  }

  /** RFC 9213 field names, in order; an empty list follows {@code Cache-Control} alone. */
  private static List<String> targetedFields(Node list) {
    if (!list.present()) {
      return CacheConfig.DEFAULT_TARGETED_FIELDS;
    }
    List<String> names = new ArrayList<>();
    for (Node e : list.elements("a list of header names")) {
      String name = Scalars.headerName(e);
      if (name == null) {
        continue;
      }
      if (name.equalsIgnoreCase("Cache-Control")) {
        e.problemDetail(Node.quote(name) + " (expected: a targeted field, not Cache-Control)");
      } else if (names.stream().anyMatch(name::equalsIgnoreCase)) {
        e.problemDetail(Node.quote(name) + " (expected: each field once)");
      } else {
        names.add(name);
      }
    }
    return names;
  }

  /** A route's cache policy; {@link RouteCacheConfig#OFF} when absent. */
  static RouteCacheConfig route(Node node) {
    Fields f = Fields.of(node, "a mapping with keys " + ROUTE_KEYS, ROUTE_KEYS);
    if (!f.present()) {
      return RouteCacheConfig.OFF;
    }
    List<PathMatch> invalidates = InvalidatesSection.invalidates(f.child("invalidates"));
    McpCacheConfig mcp = McpCacheSection.read(f.child("mcp"));
    // A route that only writes (mode off) may still name what its writes invalidate, and an MCP
    // route keeps MCP results whatever its HTTP mode.
    CacheMode mode =
        !f.has("mode") && (f.has("invalidates") || f.has("mcp"))
            ? CacheMode.OFF
            : f.requiredChoice("mode", Spelling.CACHE_MODE);
    if (mode == null) {
      return RouteCacheConfig.OFF;
    }
    if (mode == CacheMode.OFF) {
      onlyWith(f, false, "mode rfc9111 or override", ROUTE_KEYS.subList(1, ROUTE_KEYS.size() - 2));
      return RouteCacheConfig.OFF.withInvalidates(invalidates).withMcp(mcp);
    }
    onlyWith(f, mode == CacheMode.OVERRIDE, "mode override", List.of("ttl", "overrideStatuses"));
    onlyWith(f, mode == CacheMode.RFC9111, "mode rfc9111", List.of("heuristic"));
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
        f.bool("heuristic", false),
        overrideStatuses(f.child("overrideStatuses")),
        invalidates,
        mcp);
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

  /**
   * The statuses a forced TTL applies to. 404 and 410 are stored through {@code negativeTtl} only,
   * and answers that depend on who asks or on the origin's health (401, 403, 407, 5xx) never: a
   * kept 403 would refuse a user who was just granted access for the whole TTL.
   */
  private static Set<Integer> overrideStatuses(Node list) {
    if (!list.present()) {
      return RouteCacheConfig.DEFAULT_OVERRIDE_STATUSES;
    }
    Set<Integer> out = new TreeSet<>();
    for (Node e : list.elements("a list of status codes")) {
      Long v = Scalars.integer(e, 100, 599);
      if (v == null) {
        continue;
      }
      int status = v.intValue();
      if (status == 404 || status == 410) {
        e.problemDetail(
            status + " (expected: not listed; 404 and 410 are stored through negativeTtl)");
      } else if (!OVERRIDABLE.contains(status)) {
        e.problemDetail(
            status
                + " (expected: one of "
                + OVERRIDABLE
                + "; 401, 403, 407 and 5xx depend on the caller or the origin's health and are"
                + " never stored under override)");
      } else {
        out.add(status);
      }
    }
    return out;
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
