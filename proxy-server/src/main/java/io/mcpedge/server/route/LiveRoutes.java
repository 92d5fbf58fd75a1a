package io.mcpedge.server.route;

/**
 * The route table that new exchanges start on. A config reload replaces the {@link
 * RouteTableSnapshot} as a whole, with one volatile write; each exchange reads it once, when its
 * request head arrives, and keeps that snapshot (its route, chain, upstream and policies) to its
 * end. So requests that started before a reload finish on the old table, including streams that
 * last for hours, while the next request on the same keep-alive or HTTP/2 connection sees the new
 * one. A read costs one volatile load on the hot path and allocates nothing.
 */
public final class LiveRoutes {

  private volatile RouteTableSnapshot current;

  public LiveRoutes(RouteTableSnapshot first) {
    this.current = first;
  }

  /** The snapshot a request starting now uses. */
  public RouteTableSnapshot current() {
    return current;
  }

  /** Makes {@code next} the table of every request that starts from now on. */
  public void set(RouteTableSnapshot next) {
    this.current = next;
  }
}
