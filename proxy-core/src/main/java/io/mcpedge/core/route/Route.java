package io.mcpedge.core.route;

import io.mcpedge.core.config.RouteConfig;

/**
 * A compiled route: its config plus its position in the table. The data plane attaches its
 * per-route state (filter chain, upstream) by {@link #index()}, so a request never looks anything
 * up by name.
 */
public record Route(int index, RouteConfig config) {

  public String name() {
    return config.name();
  }
}
