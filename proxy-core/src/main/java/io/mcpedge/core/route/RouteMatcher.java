package io.mcpedge.core.route;

import io.mcpedge.core.config.HeaderMatch;
import io.mcpedge.core.config.MatchType;
import io.mcpedge.core.config.PathMatch;
import io.mcpedge.core.config.RouteMatch;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One route's match, compiled once at load time: regular expressions are compiled here and never
 * per request. Semantics follow Gateway API's HTTPRouteMatch, except that a regular expression
 * matches anywhere in the value unless anchored, as in VCL and nginx (Envoy matches the whole
 * value).
 */
final class RouteMatcher {

  private final MatchType pathType;
  private final String pathValue;
  private final RegexVerdicts pathPattern;
  private final Set<String> methods;
  private final List<CompiledHeader> headers;
  private final List<String> hostnames;

  RouteMatcher(RouteMatch match) {
    PathMatch path = match.path();
    this.pathType = path.type();
    // Gateway API ignores a prefix's trailing slash: "/admin/" takes "/admin" and "/admin/x". An
    // exact match keeps it, since "/mcp" and "/mcp/" are different paths.
    this.pathValue =
        path.type() == MatchType.PATH_PREFIX ? stripTrailingSlash(path.value()) : path.value();
    this.pathPattern =
        path.type() == MatchType.REGULAR_EXPRESSION
            ? new RegexVerdicts(Pattern.compile(path.value()))
            : null;
    this.methods = match.methods();
    this.headers = match.headers().stream().map(CompiledHeader::new).toList();
    this.hostnames = match.hostnames().stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
  }

  boolean matches(RequestHead req) {
    return matchesPath(req.path())
        && (methods.isEmpty() || methods.contains(req.method()))
        && matchesHost(req.host())
        && matchesHeaders(req);
  }

  private boolean matchesPath(String path) {
    switch (pathType) {
      case EXACT:
        return path.equals(pathValue);
      case PATH_PREFIX:
        // Gateway API: a prefix matches whole segments, "/api" takes "/api" and "/api/x", not
        // "/apix".
        if (pathValue.isEmpty()) {
          return true;
        }
        return path.startsWith(pathValue)
            && (path.length() == pathValue.length() || path.charAt(pathValue.length()) == '/');
      case REGULAR_EXPRESSION:
        // As VCL's ~ and nginx's location ~: the expression may match anywhere in the path, so
        // routes that must not over-match anchor it with ^ and $.
        return pathPattern.find(path);
      default:
        throw new IllegalStateException("unknown match type: " + pathType);
    }
  }

  private boolean matchesHost(String host) {
    if (hostnames.isEmpty()) {
      return true;
    }
    for (String h : hostnames) {
      if (h.startsWith("*.")) {
        // A wildcard takes any non-empty label prefix, as in Gateway API hostnames.
        if (host.length() > h.length() - 1 && host.endsWith(h.substring(1))) {
          return true;
        }
      } else if (h.equals(host)) {
        return true;
      }
    }
    return false;
  }

  private boolean matchesHeaders(RequestHead req) {
    for (CompiledHeader h : headers) {
      if (!h.matches(req.header(h.name))) {
        return false;
      }
    }
    return true;
  }

  private static String stripTrailingSlash(String v) {
    return v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
  }

  private static final class CompiledHeader {
    final String name;
    final String value;
    final Pattern pattern;

    CompiledHeader(HeaderMatch m) {
      this.name = m.name();
      this.value = m.value();
      this.pattern = m.type() == MatchType.REGULAR_EXPRESSION ? Pattern.compile(m.value()) : null;
    }

    boolean matches(String actual) {
      if (actual == null) {
        return false;
      }
      // The same rule as for paths: a header expression matches anywhere unless anchored.
      return pattern != null ? pattern.matcher(actual).find() : value.equals(actual);
    }
  }
}
