package io.mcpedge.server;

import io.mcpedge.core.route.Route;
import io.mcpedge.core.route.RouteTable;
import io.mcpedge.server.exchange.FilterChain;
import java.util.List;

/**
 * One config snapshot's routing: the route table and each route's filter chain, indexed by {@link
 * Route#index()} so that a request never looks anything up by name. Immutable; shared by all event
 * loops.
 */
public final class Routes {

  private final RouteTable table;
  private final FilterChain[] chains;

  public Routes(RouteTable table, List<FilterChain> chains) {
    this.table = table;
    this.chains = chains.toArray(new FilterChain[0]);
    if (this.chains.length != table.routes().size()) {
      throw new IllegalArgumentException(
          "chains: "
              + this.chains.length
              + " (expected: one per route, "
              + table.routes().size()
              + ")");
    }
  }

  public RouteTable table() {
    return table;
  }

  public FilterChain chain(Route route) {
    return chains[route.index()];
  }
}
