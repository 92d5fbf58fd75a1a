package io.mcpedge.server.upstream;

import io.mcpedge.core.config.EndpointAddress;
import java.net.InetSocketAddress;

/**
 * One resolved address of an upstream: a configured endpoint, or one of the addresses its DNS name
 * resolved to (one per pod of a headless Service). Equal endpoints share connection pools across
 * DNS refreshes.
 *
 * @param hostPort the address as logs show it ({@code 10.0.0.7:4444}, {@code [::1]:4444}), made
 *     once here rather than on every attempt
 */
public record Endpoint(EndpointAddress configured, InetSocketAddress address, String hostPort) {

  public Endpoint(EndpointAddress configured, InetSocketAddress address) {
    this(configured, address, hostPort(address));
  }

  private static String hostPort(InetSocketAddress a) {
    String ip = a.getAddress().getHostAddress();
    return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + a.getPort();
  }

  @Override
  public String toString() {
    return configured + "@" + address.getAddress().getHostAddress() + ":" + address.getPort();
  }
}
