package io.mcpedge.core.lb;

import java.util.List;
import java.util.function.Predicate;

/**
 * Picks the endpoint of an upstream that receives the next attempt. It exists so that the upstream
 * selection in the data plane is one call whatever the configured policy is.
 *
 * <p>Implementations are immutable snapshots of the endpoint list, safe to share between event
 * loops; when the list changes (DNS re-resolution) the owner builds a new balancer with {@link
 * LoadBalancers#create} and publishes it through a volatile field. Selection never blocks.
 *
 * <p>Every policy prefers, in order: an available endpoint other than {@code avoid}; an available
 * endpoint; any endpoint other than {@code avoid}; any endpoint. The last two are Envoy's "panic"
 * behaviour: when outlier ejection has taken every endpoint out, spreading load over all of them
 * beats failing every request.
 *
 * @param <E> the endpoint type
 */
public interface LoadBalancer<E> {

  /**
   * Chooses an endpoint.
   *
   * @param hashKey what consistent hashing hashes (the configured header's value, else the client
   *     address); ignored by the other policies
   * @param available whether an endpoint may receive traffic now (for example not ejected)
   * @param avoid the endpoint of the previous attempt when retrying, else {@code null}
   * @return the endpoint, or {@code null} only when the list is empty
   */
  E select(CharSequence hashKey, Predicate<? super E> available, E avoid);

  /** The endpoints of this snapshot. */
  List<E> endpoints();
}
