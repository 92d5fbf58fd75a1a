package io.mcpedge.core.config;

/**
 * TLS to the endpoints of an upstream whose endpoints are {@code https://} ({@code
 * upstreams[].tls}).
 *
 * @param caFile PEM bundle the upstream's certificate is verified against; {@code null} for the
 *     JDK's system trust store
 * @param certFile client certificate chain presented to the upstream, or {@code null}
 * @param keyFile the client certificate's key, or {@code null}
 * @param serverName SNI and the name the certificate must carry; {@code null} for the endpoint's
 *     host
 */
public record UpstreamTlsConfig(String caFile, String certFile, String keyFile, String serverName) {

  /** Verification against the system trust store, no client certificate, the endpoint's name. */
  public static final UpstreamTlsConfig DEFAULT = new UpstreamTlsConfig(null, null, null, null);
}
