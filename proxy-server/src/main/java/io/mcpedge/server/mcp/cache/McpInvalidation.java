package io.mcpedge.server.mcp.cache;

import io.mcpedge.cache.HttpCache;
import io.mcpedge.cache.InvalidationEvent;
import io.mcpedge.core.config.MatchType;
import io.mcpedge.core.config.PathMatch;
import io.mcpedge.core.route.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * Drops stored MCP lists when the gateway's REST API changes what they list: a successful write
 * that invalidates {@code /tools} (its own path, or a path its route's {@code cache.invalidates}
 * names) also drops the MCP {@code tools/list} results of every credential and route, and likewise
 * {@code /prompts} the {@code prompts/*} results and {@code /resources} the {@code resources/*}
 * ones. A write to a virtual server ({@code /servers/{id}}: its associated tools, prompts and
 * resources, or its state) drops every family, since a server's MCP endpoint lists what it is
 * associated with; the MCP transport under a server ({@code /servers/{id}/mcp}, {@code sse}, {@code
 * message}, {@code ws}) is not a write to it. Without this an agent would see a deleted tool for
 * the rest of a forced TTL. Results of a family that were in flight meanwhile are not stored
 * afterwards (the store remembers the invalidation, as for HTTP responses, RFC 9111 §4.4).
 */
public final class McpInvalidation {

  /** The MCP method families a REST collection of the same name feeds. */
  static final List<String> FAMILIES = List.of("tools", "prompts", "resources");

  private static final List<PathMatcher> EVERYTHING =
      List.of(new PathMatcher(new PathMatch(MatchType.PATH_PREFIX, "/")));

  private final HttpCache cache;
  private final List<String> byRules;

  /**
   * @param rules a route's {@code cache.invalidates}
   */
  public McpInvalidation(HttpCache cache, List<PathMatcher> rules) {
    this.cache = cache;
    List<String> covered = new ArrayList<>();
    for (String family : FAMILIES) {
      for (PathMatcher rule : rules) {
        if (rule.matches("/" + family) || rule.matches("/v1/" + family)) {
          covered.add(family);
          break;
        }
      }
    }
    this.byRules = List.copyOf(covered);
  }

  /** After a successful unsafe request to {@code path}: drops the families it changes. */
  public void afterWrite(String path) {
    for (String family : FAMILIES) {
      if (byRules.contains(family) || names(path, family)) {
        // Through the invalidation hub, so that other replicas drop theirs too.
        cache
            .invalidations()
            .local(new InvalidationEvent.Paths(McpResultKeys.origin(family), EVERYTHING));
      }
    }
  }

  /**
   * Whether {@code path} is the collection or under it ({@code /tools}, {@code /v1/tools/7}), or a
   * virtual server's REST resource, which changes every family.
   */
  static boolean names(String path, String family) {
    int q = path.indexOf('?');
    String p = q < 0 ? path : path.substring(0, q);
    return under(p, family) || under(p, "servers") && !transport(p);
  }

  private static boolean under(String p, String collection) {
    for (String root :
        new String[] {"/" + collection, "/v1/" + collection, "/admin/" + collection}) {
      if (p.equals(root) || p.startsWith(root + "/")) {
        return true;
      }
    }
    return false;
  }

  /** A server's MCP transport endpoint: {@code .../servers/{id}/mcp}, {@code sse}, ... */
  private static boolean transport(String p) {
    String last = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    last = last.substring(last.lastIndexOf('/') + 1);
    return TRANSPORT.contains(last) && p.split("/").length >= 4;
  }

  /** The last segments of the MCP and legacy transports under {@code /servers/{id}/}. */
  private static final List<String> TRANSPORT = List.of("mcp", "sse", "message", "ws");
}
