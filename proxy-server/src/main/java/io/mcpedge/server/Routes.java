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
  private final FilterChain[] upgradeChains;

  public Routes(RouteTable table, List<FilterChain> chains) {
    this(table, chains, chains);
  }

  /**
   * @param upgradeChains per route, the chain of WebSocket upgrade requests (no cache, no retry:
   *     see {@link #upgradeChain})
   */
  public Routes(RouteTable table, List<FilterChain> chains, List<FilterChain> upgradeChains) {
    this.table = table;
    this.chains = chains.toArray(new FilterChain[0]);
    this.upgradeChains = upgradeChains.toArray(new FilterChain[0]);
    if (this.upgradeChains.length != this.chains.length) {
      throw new IllegalArgumentException(
          "upgradeChains: "
              + this.upgradeChains.length
              + " (expected: one per route, "
              + this.chains.length
              + ")");
    }
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

  /**
   * The chain of a WebSocket opening handshake on {@code route}: header hygiene that keeps the
   * upgrade headers, the rate limit, and the upstream. A handshake is never cached or retried.
   */
  public FilterChain upgradeChain(Route route) {
    return upgradeChains[route.index()];
  }
}
