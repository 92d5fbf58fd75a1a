package io.mcpedge.server.upstream;

import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.exchange.ExchangeTrace;
import io.mcpedge.server.exchange.Failure;
import io.mcpedge.server.exchange.Next;
import io.mcpedge.server.exchange.ProxyException;
import io.mcpedge.server.exchange.ResponseSink;

/**
 * The terminal stage of a route's filter chain: picks an endpoint and runs one {@link UpstreamCall}
 * on a channel from that endpoint's pool on the exchange's event loop. Each call of {@link
 * #proceed} is a fresh attempt, so a retry filter can call it again.
 */
public final class UpstreamStage implements Next {

  private final UpstreamCluster cluster;

  public UpstreamStage(UpstreamCluster cluster) {
    this.cluster = cluster;
  }

  @Override
  public void proceed(Exchange ex, ResponseSink sink) {
    Endpoint endpoint = cluster.select(ex);
    if (endpoint == null) {
      sink.onError(new ProxyException(Failure.NO_ENDPOINT, "upstream " + cluster.name()));
      return;
    }
    AttemptListener listener = cluster.attemptPolicy().admit(ex, endpoint, sink);
    if (listener == null) {
      return; // refused: the policy answered
    }
    ex.record().attemptStarted(endpoint.hostPort());
    ExchangeTrace trace = ExchangeTrace.of(ex);
    if (trace != null) {
      listener =
          new TracedAttempt(
              listener,
              trace.upstreamAttempt(endpoint.configured().host(), endpoint.address().getPort()));
    }
    new UpstreamCall(ex, sink, cluster.pool(endpoint, ex.eventLoop()), cluster.isHttp2(), listener)
        .start();
  }
}
