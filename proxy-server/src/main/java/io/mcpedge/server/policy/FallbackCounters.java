package io.mcpedge.server.policy;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts, per route, the decisions of {@code scope: global} limits made without Redis (the
 * fallback), so that an operator sees when and how long the limits were not global. One instance
 * per server; a route's counter survives the rebuild of its limiters on a reload.
 */
public final class FallbackCounters {

  private final ConcurrentHashMap<String, LongAdder> byRoute = new ConcurrentHashMap<>();

  /** The counter of one route. */
  LongAdder forRoute(String route) {
    return byRoute.computeIfAbsent(route, r -> new LongAdder());
  }

  /** Fallback decisions of one route so far. */
  public long count(String route) {
    LongAdder a = byRoute.get(route);
    return a == null ? 0 : a.sum();
  }
}
