package io.mcpedge.core.config;

import java.util.Set;

/**
 * How a route treats the MCP requests it carries (its {@code mcp} section); a route without the
 * section sees only HTTP. Every request of such a route is classified by the MCP revision it
 * speaks; the rules of the stateless 2026-07-28 revision apply to its requests only, and older
 * sessions pass as they always did.
 *
 * @param verify read the JSON-RPC envelope of every 2026-07-28 {@code POST} and refuse it (400,
 *     JSON-RPC {@code -32020}) when its standard headers disagree with it, before any policy acts
 *     on the headers; {@code false} leaves the body unread and trusts the headers
 * @param metricNames the tool (and prompt) names that label the MCP request metrics; every other
 *     name is counted as {@code other}, so a client cannot grow the label set
 */
public record McpRouteConfig(boolean verify, Set<String> metricNames) {

  public McpRouteConfig {
    metricNames = Set.copyOf(metricNames);
  }
}
