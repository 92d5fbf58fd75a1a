package io.mcpedge.core.config;

/** How the proxy talks to an upstream. */
public enum UpstreamProtocol {
  /** HTTP/1.1 over a bounded pool of keep-alive connections. */
  HTTP1,
  /** Cleartext HTTP/2 with prior knowledge, multiplexed over a few connections. */
  H2C
}
