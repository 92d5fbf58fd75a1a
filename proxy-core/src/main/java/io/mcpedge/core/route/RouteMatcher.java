package io.mcpedge.core.route;

import io.mcpedge.core.config.HeaderMatch;
import io.mcpedge.core.config.MatchType;
import io.mcpedge.core.config.RouteMatch;
import io.mcpedge.core.mcp.McpHeaderValue;
import io.mcpedge.core.mcp.McpVersions;
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

  private final PathMatcher path;
  private final Set<String> methods;
  private final List<CompiledHeader> headers;
  private final List<String> hostnames;
  private final Set<String> mcpMethods;
  private final Set<String> mcpNames;

  RouteMatcher(RouteMatch match) {
    this.path = new PathMatcher(match.path());
    this.methods = match.methods();
    this.headers = match.headers().stream().map(CompiledHeader::new).toList();
    this.hostnames = match.hostnames().stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
    this.mcpMethods = match.mcp().methods();
    this.mcpNames = match.mcp().names();
  }

  boolean matches(RequestHead req) {
    return path.matches(req.path())
        && (methods.isEmpty() || methods.contains(req.method()))
        && matchesHost(req.host())
        && matchesHeaders(req)
        && matchesMcp(req);
  }

  /**
   * The MCP condition, read from the standard headers (specification 2026-07-28, basic/transports,
   * "Standard Request Headers"); a route that verifies MCP then refuses a body that disagrees with
   * them, so matching never needs the body. Only a 2026-07-28 request matches one: an older
   * revision's body is not checked against its headers, which could then name anything.
   */
  private boolean matchesMcp(RequestHead req) {
    if (mcpMethods.isEmpty() && mcpNames.isEmpty()) {
      return true;
    }
    if (!McpVersions.isStateless(req.header("mcp-protocol-version"))) {
      return false;
    }
    if (!mcpMethods.isEmpty()) {
      String m = req.header("mcp-method");
      if (m == null || !mcpMethods.contains(m.strip())) {
        return false;
      }
    }
    if (!mcpNames.isEmpty()) {
      String n = req.header("mcp-name");
      String decoded = n == null ? null : McpHeaderValue.decode(n);
      return decoded != null && mcpNames.contains(decoded);
    }
    return true;
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
