package io.mcpedge.server.upstream;

import io.mcpedge.server.exchange.Exchange;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Round robin over one endpoint snapshot. */
public final class RoundRobinSelector implements EndpointSelector {

  /** The factory for {@link UpstreamCluster}. */
  public static final EndpointSelector.Factory FACTORY = RoundRobinSelector::new;

  private final Endpoint[] endpoints;
  private final AtomicInteger next = new AtomicInteger();

  public RoundRobinSelector(List<Endpoint> endpoints) {
    this.endpoints = endpoints.toArray(new Endpoint[0]);
  }

  @Override
  public Endpoint select(Exchange ex) {
    int i = next.getAndIncrement() & Integer.MAX_VALUE;
    return endpoints[i % endpoints.length];
  }
}
