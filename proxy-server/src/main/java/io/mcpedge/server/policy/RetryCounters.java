package io.mcpedge.server.policy;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the retries each route sent, for the retry metric. One instance per server; each route's
 * retry filter holds its own counter, resolved when the chain is built, so counting a retry is one
 * {@link LongAdder} increment.
 */
public final class RetryCounters {

  private final ConcurrentHashMap<String, LongAdder> byRoute = new ConcurrentHashMap<>();

  /** The counter of one route, created on first use. */
  public LongAdder forRoute(String route) {
    return byRoute.computeIfAbsent(route, r -> new LongAdder());
  }

  /** Retries the route sent so far. */
  public long count(String route) {
    LongAdder n = byRoute.get(route);
    return n == null ? 0 : n.sum();
  }
}
