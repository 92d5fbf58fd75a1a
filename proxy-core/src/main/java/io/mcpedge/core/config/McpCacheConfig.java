package io.mcpedge.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A route's MCP result cache ({@code cache.mcp}): which results of the stateless 2026-07-28
 * revision the edge keeps, following each result's {@code ttlMs} and {@code cacheScope} (MCP
 * specification 2026-07-28, server/utilities/caching), and how long it keeps a result that carries
 * no {@code ttlMs} at all, as a server that predates the revision sends.
 *
 * @param methods the cacheable methods this route stores, a subset of {@link #CACHEABLE}
 * @param defaultTtl per method, the time to live of a result without {@code ttlMs}; such a result
 *     is always kept per credential, since nothing says it is the same for everybody (as Varnish's
 *     {@code default_ttl} applies only when the backend gives none). A method without one stores
 *     only results that carry a positive {@code ttlMs}.
 */
public record McpCacheConfig(Set<String> methods, Map<String, Duration> defaultTtl) {

  /** The methods whose results carry caching hints (the caching page, "Cacheable Results"). */
  public static final List<String> CACHEABLE =
      List.of(
          "server/discover",
          "tools/list",
          "prompts/list",
          "resources/list",
          "resources/templates/list",
          "resources/read");

  public McpCacheConfig {
    methods = Set.copyOf(methods);
    defaultTtl = Map.copyOf(defaultTtl);
  }

  /** Whether results of {@code method} are stored on this route. */
  public boolean caches(String method) {
    return methods.contains(method);
  }

  /** The TTL of a result of {@code method} without {@code ttlMs}, or {@code null} for none. */
  public Duration defaultTtl(String method) {
    return defaultTtl.get(method);
  }
}
