package io.mcpedge.core.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Reads a route's {@code mcp} section and the {@code mcp} condition of its {@code match}. */
final class McpSection {

  static final List<String> ROUTE_KEYS = List.of("verify", "metricNames");
  static final List<String> MATCH_KEYS = List.of("methods", "names");

  private McpSection() {}

  /** The route's {@code mcp} section, or {@code null} when absent. */
  static McpRouteConfig route(Node node) {
    Fields f = Fields.of(node, "a mapping with keys " + ROUTE_KEYS, ROUTE_KEYS);
    if (!f.present()) {
      return null;
    }
    return new McpRouteConfig(
        f.bool("verify", true), names(f.child("metricNames"), "a list of tool or prompt names"));
  }

  /**
   * An MCP key of a rate limit needs the route's {@code mcp} section: elsewhere the standard
   * headers are neither classified nor checked against the body, so a client could choose its
   * bucket.
   */
  static void checkKey(Node rateLimitNode, List<RateLimitConfig> limits, McpRouteConfig mcp) {
    if (mcp != null) {
      return;
    }
    for (RateLimitConfig limit : limits) {
      switch (limit.key()) {
        case MCP_METHOD, MCP_NAME, CREDENTIAL_MCP_NAME -> {
          Node at = rateLimitNode.isList() ? rateLimitNode : rateLimitNode.child("key");
          at.problem("an MCP key only on a route with an mcp section");
          return;
        }
        default -> {}
      }
    }
  }

  /** The {@code match.mcp} condition; {@link McpMatch#ANY} when absent. */
  static McpMatch match(Node node) {
    Fields f = Fields.of(node, "a mapping with keys " + MATCH_KEYS, MATCH_KEYS);
    if (!f.present()) {
      return McpMatch.ANY;
    }
    McpMatch m =
        new McpMatch(
            names(f.child("methods"), "a list of MCP methods such as [tools/call]"),
            names(f.child("names"), "a list of tool, prompt or resource names"));
    if (m.isEmpty()) {
      node.problemDetail("{} (expected: methods or names, at least one of them non-empty)");
    }
    return m;
  }

  private static Set<String> names(Node list, String expectation) {
    Set<String> out = new LinkedHashSet<>();
    for (Node e : list.elements(expectation)) {
      String s = Scalars.string(e);
      if (s == null) {
        continue;
      }
      if (s.isEmpty()) {
        e.problem("a non-empty name");
      } else if (!out.add(s)) {
        e.problem("each name once");
      }
    }
    return out;
  }
}
