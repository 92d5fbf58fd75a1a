package io.mcpedge.server.upstream;

import io.mcpedge.core.config.EndpointAddress;
import java.net.InetSocketAddress;

/**
 * One resolved address of an upstream: a configured endpoint, or one of the addresses its DNS name
 * resolved to (one per pod of a headless Service). Equal endpoints share connection pools across
 * DNS refreshes.
 */
public record Endpoint(EndpointAddress configured, InetSocketAddress address) {

  @Override
  public String toString() {
    return configured + "@" + address.getAddress().getHostAddress() + ":" + address.getPort();
  }
}
