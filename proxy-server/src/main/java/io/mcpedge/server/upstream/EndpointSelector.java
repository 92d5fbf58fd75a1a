package io.mcpedge.server.upstream;

import io.mcpedge.server.exchange.Exchange;
import java.util.List;

/**
 * Chooses the endpoint for one request, over an immutable snapshot of an upstream's endpoints.
 * Balancing is per request, not per connection, so pooled and multiplexed connections still spread
 * load over every pod. When DNS changes the endpoints, the cluster builds a new selector with its
 * {@link Factory} and publishes it; a selector is shared by all event loops and never blocks.
 *
 * <p>The policy engines of proxy-core ({@code io.mcpedge.core.lb.LoadBalancer}) plug in through a
 * factory that wraps one of their snapshots.
 */
@FunctionalInterface
public interface EndpointSelector {

  /** One of the snapshot's endpoints, for this exchange. */
  Endpoint select(Exchange ex);

  /** Builds the selector of one endpoint snapshot (never empty). */
  @FunctionalInterface
  interface Factory {
    EndpointSelector create(List<Endpoint> endpoints);
  }
}
