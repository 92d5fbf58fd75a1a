package io.mcpedge.server.route;

import io.mcpedge.core.config.RateLimitConfig;
import io.mcpedge.core.route.Route;
import io.mcpedge.core.route.RouteTable;
import io.mcpedge.server.cache.HitWriter;
import io.mcpedge.server.exchange.ExchangeFilter;
import io.mcpedge.server.exchange.FilterChain;
import java.util.List;
import java.util.Map;

/**
 * One config snapshot's routing: the route table and each route's filter chains, indexed by {@link
 * Route#index()} so that a request never looks anything up by name. Immutable and shared by all
 * event loops: the exchange driver reads the route and its chain from one snapshot, which is what a
 * config reload will swap as a whole. Built by {@link RouteChains}, which owns the chains' order.
 */
public final class RouteTableSnapshot {

  private final RouteTable table;
  private final FilterChain[] chains;
  private final FilterChain[] upgradeChains;

  /** What the next snapshot of a reload takes over: see {@link RouteChains#build(Carried)}. */
  private final Carried carried;

  /**
   * The parts of a snapshot that outlive it: the hit writer (its direct copies belong to the event
   * loops, not to one config) and each route's rate-limit filter with the config it was built from,
   * by route name, so that the buckets of a route whose limit did not change survive a reload.
   */
  record Carried(HitWriter hits, Map<String, RateLimited> rateLimits) {
    static final Carried NONE = new Carried(null, Map.of());
  }

  /** A route's rate-limit filter and the limits it enforces. */
  record RateLimited(List<RateLimitConfig> config, ExchangeFilter filter) {}

  public RouteTableSnapshot(RouteTable table, List<FilterChain> chains) {
    this(table, chains, chains);
  }

  /**
   * @param upgradeChains per route, the chain of WebSocket opening handshakes (see {@link
   *     #upgradeChain})
   */
  public RouteTableSnapshot(
      RouteTable table, List<FilterChain> chains, List<FilterChain> upgradeChains) {
    this(table, chains, upgradeChains, Carried.NONE);
  }

  RouteTableSnapshot(
      RouteTable table,
      List<FilterChain> chains,
      List<FilterChain> upgradeChains,
      Carried carried) {
    this.table = table;
    this.carried = carried;
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

  Carried carried() {
    return carried;
  }

  public RouteTable table() {
    return table;
  }

  /** The chain of an ordinary request on {@code route}. */
  public FilterChain chain(Route route) {
    return chains[route.index()];
  }

  /**
   * The chain of a WebSocket opening handshake on {@code route}: never cached or retried (the order
   * and its reasons are {@link RouteChains}'s).
   */
  public FilterChain upgradeChain(Route route) {
    return upgradeChains[route.index()];
  }
}
