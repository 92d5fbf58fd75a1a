package io.mcpedge.core.config;

/** One configured endpoint, {@code http://host:port}; {@code host} may be a DNS name. */
public record EndpointAddress(String scheme, String host, int port) {

  @Override
  public String toString() {
    return scheme + "://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
