package io.mcpedge.core.route;

import io.mcpedge.core.config.MatchType;
import io.mcpedge.core.config.PathMatch;
import java.util.regex.Pattern;

/**
 * One path match compiled once: the rule a route's {@code match.path} applies to a request path,
 * and the rule {@code cache.invalidates} applies to stored paths, so that both read a match alike.
 * Semantics follow Gateway API, except that a regular expression matches anywhere in the path
 * unless anchored, as in VCL and nginx (Envoy matches the whole value).
 */
public final class PathMatcher {

  private final MatchType type;
  private final String value;
  private final RegexVerdicts pattern;
  private final PathMatch source;

  public PathMatcher(PathMatch path) {
    this.source = path;
    this.type = path.type();
    // Gateway API ignores a prefix's trailing slash: "/admin/" takes "/admin" and "/admin/x". An
    // exact match keeps it, since "/mcp" and "/mcp/" are different paths.
    this.value =
        path.type() == MatchType.PATH_PREFIX ? stripTrailingSlash(path.value()) : path.value();
    this.pattern =
        path.type() == MatchType.REGULAR_EXPRESSION
            ? new RegexVerdicts(Pattern.compile(path.value()))
            : null;
  }

  /** Whether {@code path} (without the query) matches. */
  public boolean matches(String path) {
    switch (type) {
      case EXACT:
        return path.equals(value);
      case PATH_PREFIX:
        // Gateway API: a prefix matches whole segments, "/api" takes "/api" and "/api/x", not
        // "/apix".
        if (value.isEmpty()) {
          return true;
        }
        return path.startsWith(value)
            && (path.length() == value.length() || path.charAt(value.length()) == '/');
      case REGULAR_EXPRESSION:
        // As VCL's ~ and nginx's location ~: the expression may match anywhere in the path, so
        // routes that must not over-match anchor it with ^ and $.
        return pattern.find(path);
      default:
        throw new IllegalStateException("unknown match type: " + type);
    }
  }

  /**
   * Text that every matching path starts with: the value of an exact or prefix match, empty for a
   * regular expression. Lets a sorted index visit only the paths that can match.
   */
  public String literalPrefix() {
    return type == MatchType.REGULAR_EXPRESSION ? "" : value;
  }

  /** The match as configured: what another process compiles to the same rule. */
  public PathMatch source() {
    return source;
  }

  private static String stripTrailingSlash(String v) {
    return v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
  }
}
