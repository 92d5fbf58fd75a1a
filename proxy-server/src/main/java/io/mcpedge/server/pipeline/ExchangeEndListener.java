package io.mcpedge.server.pipeline;

import io.mcpedge.server.exchange.Exchange;

/**
 * What the {@link DownstreamSink} tells the connection, and asks it, as a response ends: the narrow
 * view of a {@link ConnectionTurn} that the sink holds, so that the sink never calls back into the
 * exchange driver.
 */
interface ExchangeEndListener {

  /** HTTP/1.1: whether the connection must close after the current response. */
  boolean mustClose();

  /**
   * The response of {@code ex} is written ({@code closeConnection}: the sink closes the connection
   * once it is flushed): the connection takes the next request, or closes.
   */
  void exchangeEnded(Exchange ex, boolean closeConnection);
}
