package io.mcpedge.core.config;

import java.util.List;
import java.util.Set;

/**
 * What a request must look like for a route to take it, as Gateway API's HTTPRouteMatch.
 *
 * @param methods upper-case method names; empty means any method
 * @param headers all must match; names are case-insensitive
 * @param hostnames request host (without port) must equal one of these, or match a {@code
 *     *.example.com} wildcard; empty means any host
 * @param mcp MCP methods and names, read from the standard headers; {@link McpMatch#ANY} for none
 */
public record RouteMatch(
    PathMatch path,
    Set<String> methods,
    List<HeaderMatch> headers,
    List<String> hostnames,
    McpMatch mcp) {

  public RouteMatch {
    methods = Set.copyOf(methods);
    headers = List.copyOf(headers);
    hostnames = List.copyOf(hostnames);
    mcp = mcp == null ? McpMatch.ANY : mcp;
  }

  /** A match without an MCP condition. */
  public RouteMatch(
      PathMatch path, Set<String> methods, List<HeaderMatch> headers, List<String> hostnames) {
    this(path, methods, headers, hostnames, McpMatch.ANY);
  }
}
