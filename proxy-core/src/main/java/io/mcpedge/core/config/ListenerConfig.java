package io.mcpedge.core.config;

/**
 * One downstream listener. Without {@code tls} it speaks HTTP/1.1 and cleartext HTTP/2 (prior
 * knowledge and {@code Upgrade: h2c}) on the same port, detected per connection; with {@code tls}
 * it speaks HTTP/1.1 and HTTP/2 over TLS, chosen by ALPN.
 *
 * @param tls {@code null} for a cleartext listener
 */
public record ListenerConfig(String name, HostPort address, TlsConfig tls) {

  /** A cleartext listener. */
  public ListenerConfig(String name, HostPort address) {
    this(name, address, null);
  }
}
