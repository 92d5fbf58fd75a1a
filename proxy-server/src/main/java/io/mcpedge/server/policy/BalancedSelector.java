package io.mcpedge.server.policy;

import io.mcpedge.core.credential.Credential;
import io.mcpedge.core.lb.LoadBalancer;
import io.mcpedge.server.cache.NettyHeaderView;
import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.upstream.Endpoint;
import io.mcpedge.server.upstream.EndpointSelector;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.util.function.Predicate;

/**
 * Adapts a core {@link LoadBalancer} snapshot to the data plane: it extracts the hash key of an
 * exchange (the configured header, else the client address; when that header is the credential's,
 * the {@link Credential#affinityKey credential}, so a browser's credential cookie keeps it on one
 * endpoint too), passes the availability predicate (outlier ejection, open endpoint breakers), and
 * avoids the endpoint of the exchange's previous attempt, so that a retry goes elsewhere when it
 * can.
 */
final class BalancedSelector implements EndpointSelector {

  /** The endpoint the exchange's latest attempt went to. */
  static final AttributeKey<Endpoint> PREVIOUS = AttributeKey.valueOf("mcp-edge.previous-endpoint");

  private final LoadBalancer<Endpoint> balancer;
  private final Predicate<Endpoint> available;
  private final String hashOn;
  private final Credential credential;

  /**
   * @param hashOn the header consistent hashing hashes, or {@code null} for other policies
   * @param credential the edge's credential; read instead of {@code hashOn} when that names the
   *     credential header
   */
  BalancedSelector(
      LoadBalancer<Endpoint> balancer,
      Predicate<Endpoint> available,
      String hashOn,
      Credential credential) {
    this.balancer = balancer;
    this.available = available;
    this.hashOn = hashOn;
    this.credential =
        hashOn != null && hashOn.equalsIgnoreCase(credential.header()) ? credential : null;
  }

  @Override
  public Endpoint select(Exchange ex) {
    Endpoint e = balancer.select(hashKey(ex), available, ex.get(PREVIOUS));
    ex.set(PREVIOUS, e);
    return e;
  }

  private String hashKey(Exchange ex) {
    if (hashOn == null) {
      return null;
    }
    String value =
        credential != null
            ? credential.affinityKey(new NettyHeaderView(ex.request().headers()))
            : ex.request().headers().get(hashOn);
    if (value != null) {
      return value;
    }
    InetSocketAddress client = ex.clientAddress();
    return client == null ? null : client.getAddress().getHostAddress();
  }
}
