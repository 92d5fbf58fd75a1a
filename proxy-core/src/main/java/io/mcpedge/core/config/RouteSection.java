package io.mcpedge.core.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Reads the {@code routes} list, checking each route against the declared upstreams. */
final class RouteSection {

  static final List<String> KEYS =
      List.of(
          "name",
          "match",
          "upstream",
          "directResponse",
          "timeouts",
          "cache",
          "rateLimit",
          "retry",
          "stream",
          "maxRequestBody",
          "httpsRedirect",
          "mcp");
  static final List<String> HTTPS_REDIRECT_KEYS = List.of("port");
  static final List<String> TIMEOUT_KEYS = List.of("request", "idle");
  static final List<String> DIRECT_KEYS = List.of("status", "body");
  static final List<String> STREAM_KEYS = List.of("sseKeepalive");

  static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private RouteSection() {}

  static List<RouteConfig> read(Node list, List<String> upstreamNames) {
    List<RouteConfig> out = new ArrayList<>();
    if (list == null) {
      return out;
    }
    List<Node> elements = list.elements("a list of routes");
    if (list.isList() && elements.isEmpty()) {
      list.problemDetail("[] (expected: at least one route)");
    }
    for (Node e : elements) {
      Fields f = Fields.of(e, "a route mapping with keys " + KEYS, KEYS);
      if (f.present()) {
        out.add(route(f, upstreamNames));
      }
    }
    return out;
  }

  private static RouteConfig route(Fields f, List<String> upstreamNames) {
    String name = f.requiredName("name");
    RouteMatch match = MatchSection.match(f.child("match"));
    String upstream = null;
    DirectResponseConfig direct = null;
    boolean hasUpstream = f.has("upstream");
    boolean hasDirect = f.has("directResponse");
    if (hasUpstream == hasDirect) {
      f.node()
          .problemDetail(
              (hasUpstream
                      ? "both upstream and directResponse"
                      : "neither upstream nor directResponse")
                  + " (expected: exactly one of them)");
    }
    if (hasUpstream) {
      upstream = upstreamRef(f.child("upstream"), upstreamNames);
    }
    if (hasDirect) {
      direct = directResponse(f.child("directResponse"));
      for (String key : List.of("cache", "retry")) {
        if (f.has(key)) {
          f.child(key).problem("no " + key + " on a route with directResponse");
        }
      }
    }
    // Read in the order of the keys, so that problems are reported in document order.
    TimeoutsConfig timeouts = timeouts(f.child("timeouts"));
    RouteCacheConfig cache = CacheSection.route(f.child("cache"));
    List<RateLimitConfig> limits = PolicySection.rateLimits(f.child("rateLimit"));
    McpRouteConfig mcp = McpSection.route(f.child("mcp"));
    McpSection.checkKey(f.child("rateLimit"), limits, mcp);
    McpCacheSection.requireVerified(f.child("cache").child("mcp"), cache, mcp);
    return new RouteConfig(
        name,
        match,
        upstream,
        timeouts,
        cache,
        limits.isEmpty() ? null : limits.get(0),
        PolicySection.retry(f.child("retry")),
        stream(f.child("stream")),
        direct,
        f.size("maxRequestBody", null, 0),
        httpsRedirect(f.child("httpsRedirect")),
        mcp,
        limits.isEmpty() ? List.of() : limits.subList(1, limits.size()));
  }

  /**
   * {@code httpsRedirect: true}, or {@code {port: 8443}} when the TLS listener is not on 443; the
   * port, or {@code null} for no redirect.
   */
  private static Integer httpsRedirect(Node node) {
    if (!node.present()) {
      return null;
    }
    if (node.isBoolean() || node.isText()) {
      Boolean on = Scalars.bool(node);
      return Boolean.TRUE.equals(on) ? 443 : null;
    }
    Fields f =
        Fields.of(
            node, "true, false or a mapping with keys " + HTTPS_REDIRECT_KEYS, HTTPS_REDIRECT_KEYS);
    return f.present() ? f.integer("port", 443, 1, 65535) : null;
  }

  private static String upstreamRef(Node n, List<String> upstreamNames) {
    String s = Scalars.string(n);
    if (s != null && !upstreamNames.contains(s)) {
      n.problem(
          upstreamNames.isEmpty()
              ? "the name of an upstream declared under upstreams"
              : "one of " + upstreamNames);
      return null;
    }
    return s;
  }

  private static TimeoutsConfig timeouts(Node node) {
    Fields f = Fields.of(node, "a mapping with keys " + TIMEOUT_KEYS, TIMEOUT_KEYS);
    return new TimeoutsConfig(
        f.duration("request", DEFAULT_REQUEST_TIMEOUT, Scalars.Bound.POSITIVE),
        f.duration("idle", null, Scalars.Bound.POSITIVE));
  }

  private static DirectResponseConfig directResponse(Node node) {
    Fields f = Fields.of(node, "a mapping with keys " + DIRECT_KEYS, DIRECT_KEYS);
    Node status = f.required("status", "an HTTP status code, 200..599");
    Long code = status == null ? null : Scalars.integer(status, 200, 599);
    return new DirectResponseConfig(code == null ? 403 : code.intValue(), f.string("body", ""));
  }

  private static StreamConfig stream(Node node) {
    Fields f = Fields.of(node, "a mapping with keys " + STREAM_KEYS, STREAM_KEYS);
    if (!f.present()) {
      return StreamConfig.NONE;
    }
    return new StreamConfig(f.duration("sseKeepalive", null, Scalars.Bound.POSITIVE));
  }

  /** Upper-case method tokens, each once. */
  static Set<String> methods(Node list) {
    Set<String> out = new LinkedHashSet<>();
    for (Node e : list.elements("a list of methods such as [GET, HEAD]")) {
      String m = Scalars.string(e);
      if (m == null) {
        continue;
      }
      if (!m.matches("[A-Z]+")) {
        String hint =
            m.toUpperCase(Locale.ROOT).matches("[A-Z]+")
                ? ", e.g. " + m.toUpperCase(Locale.ROOT)
                : "";
        e.problem("an upper-case method name" + hint);
      } else if (!out.add(m)) {
        e.problem("each method once");
      }
    }
    return out;
  }
}
