package io.mcpedge.core.config;

import java.util.Set;

/**
 * The MCP part of a route's {@code match}: the methods and names the standard request headers
 * ({@code Mcp-Method}, {@code Mcp-Name}) must carry. Matching reads the headers only; on a route
 * that verifies, the body is then checked to agree with them before anything is forwarded.
 *
 * @param methods {@code Mcp-Method} must be one of these; empty means any (or none)
 * @param names {@code Mcp-Name}, decoded from its Base64 form where sent so, must be one of these;
 *     empty means any (or none)
 */
public record McpMatch(Set<String> methods, Set<String> names) {

  /** No MCP condition. */
  public static final McpMatch ANY = new McpMatch(Set.of(), Set.of());

  public McpMatch {
    methods = Set.copyOf(methods);
    names = Set.copyOf(names);
  }

  /** True when the match has no MCP condition. */
  public boolean isEmpty() {
    return methods.isEmpty() && names.isEmpty();
  }
}
