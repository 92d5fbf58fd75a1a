package io.mcpedge.server.exchange;

import java.util.List;

/**
 * The immutable, per-route chain of request policies, built once per config snapshot and shared by
 * every exchange on every event loop. The order of the filters, for every kind of route, is written
 * down in one place: {@code io.mcpedge.server.route.RouteChains}, which builds every chain.
 */
public final class FilterChain {

  private final Next head;
  private final List<ExchangeFilter> filters;
  private final Next terminal;

  public FilterChain(List<ExchangeFilter> filters, Next terminal) {
    Next n = terminal;
    for (int i = filters.size() - 1; i >= 0; i--) {
      ExchangeFilter f = filters.get(i);
      Next after = n;
      n = (ex, sink) -> f.filter(ex, after, sink);
    }
    this.head = n;
    this.filters = List.copyOf(filters);
    this.terminal = terminal;
  }

  /** Runs the exchange through the chain; the response arrives at {@code sink}. */
  public void run(Exchange ex, ResponseSink sink) {
    head.proceed(ex, sink);
  }

  /** Number of filters before the terminal stage. */
  public int size() {
    return filters.size();
  }

  /** The filters before the terminal stage, outermost first. */
  public List<ExchangeFilter> filters() {
    return filters;
  }

  /** The stage that ends the chain: the upstream, or a direct answer. */
  public Next terminal() {
    return terminal;
  }
}
