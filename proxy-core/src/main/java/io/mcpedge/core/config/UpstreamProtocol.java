package io.mcpedge.core.config;

/** How the proxy talks to an upstream. */
public enum UpstreamProtocol {
  /** HTTP/1.1 over a bounded pool of keep-alive connections. */
  HTTP1,
  /**
   * HTTP/2 multiplexed over a few connections: cleartext with prior knowledge to {@code http://}
   * endpoints, negotiated by ALPN ({@code h2}, RFC 9113 §3.2) to {@code https://} endpoints.
   * Spelled {@code h2c} or {@code h2}.
   */
  H2C
}
