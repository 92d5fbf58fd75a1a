package io.mcpedge.server.upstream;

import io.mcpedge.server.exchange.Failure;
import io.mcpedge.server.exchange.ProxyException;

/**
 * The failures of the three overload thresholds. Shared stackless instances, so that whoever counts
 * rejections can tell the threshold by identity.
 */
public final class Overload {

  private Overload() {}

  /** {@code maxConnections}: no upstream connection may be opened. */
  public static final ProxyException CONNECTIONS =
      new ProxyException(Failure.OVERLOADED, "maxConnections");

  /** {@code maxPendingRequests}: too many requests wait for a connection. */
  public static final ProxyException PENDING =
      new ProxyException(Failure.OVERLOADED, "maxPendingRequests");

  /** {@code maxRequests}: too many requests in flight. */
  public static final ProxyException REQUESTS =
      new ProxyException(Failure.OVERLOADED, "maxRequests");
}
