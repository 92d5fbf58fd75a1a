package io.mcpedge.core.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a route's {@code cache.mcp}: the MCP methods whose results the edge keeps, and the time to
 * live of a result that carries no {@code ttlMs}.
 *
 * <pre>
 * cache:
 *   mcp:
 *     methods: [tools/list, prompts/list]   # default: every cacheable method
 *     defaultTtl: { tools/list: 5m }         # kept per credential when the server gives no ttlMs
 * </pre>
 */
final class McpCacheSection {

  static final List<String> KEYS = List.of("methods", "defaultTtl");

  private McpCacheSection() {}

  /** The route's MCP result cache, or {@code null} when the key is absent. */
  static McpCacheConfig read(Node node) {
    if (node.present() && node.isBoolean()) {
      return node.booleanValue() ? new McpCacheConfig(all(), Map.of()) : null;
    }
    Fields f = Fields.of(node, "true, false or a mapping with keys " + KEYS, KEYS);
    if (!f.present()) {
      return null;
    }
    Set<String> methods = f.has("methods") ? methods(f.child("methods")) : all();
    Map<String, Duration> ttls = new LinkedHashMap<>();
    Node defaults = f.child("defaultTtl");
    if (defaults.mapping(
        "a mapping from MCP method to a duration, e.g. {tools/list: 5m}",
        McpCacheConfig.CACHEABLE)) {
      for (String method : defaults.keys()) {
        Node value = defaults.child(method);
        Duration d = Scalars.duration(value, Scalars.Bound.POSITIVE);
        if (!methods.contains(method)) {
          value.problem("a duration for one of the cached methods " + methods);
        } else if (d != null) {
          ttls.put(method, d);
        }
      }
    }
    return new McpCacheConfig(methods, ttls);
  }

  /**
   * Results are keyed on what the body says, so the route must read and verify it ({@code
   * mcp.verify}); without it no request would ever be cached, which a config must not hide.
   */
  static void requireVerified(Node node, RouteCacheConfig cache, McpRouteConfig route) {
    if (cache.mcp() != null && (route == null || !route.verify())) {
      node.problem(
          "only on a route with mcp: {verify: true}, which reads the method and parameters"
              + " the results are keyed on");
    }
  }

  private static Set<String> all() {
    return new LinkedHashSet<>(McpCacheConfig.CACHEABLE);
  }

  private static Set<String> methods(Node list) {
    Set<String> out = new LinkedHashSet<>();
    List<Node> elements = list.elements("a list of cacheable MCP methods");
    for (Node e : elements) {
      String m = Scalars.string(e);
      if (m == null) {
        continue;
      }
      if (!McpCacheConfig.CACHEABLE.contains(m)) {
        e.problem("one of " + McpCacheConfig.CACHEABLE);
      } else if (!out.add(m)) {
        e.problem("each method once");
      }
    }
    if (list.present() && list.isList() && elements.isEmpty()) {
      list.problemDetail("[] (expected: at least one method, or mcp: false)");
    }
    return out;
  }
}
