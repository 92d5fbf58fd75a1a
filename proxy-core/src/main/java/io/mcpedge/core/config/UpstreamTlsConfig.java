package io.mcpedge.core.config;

import java.time.Duration;

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
 * @param watchInterval how often the files are checked for a change (a renewed client certificate,
 *     a rotated CA bundle); new connections use what they hold from then on
 */
public record UpstreamTlsConfig(
    String caFile, String certFile, String keyFile, String serverName, Duration watchInterval) {

  /** As for listeners ({@code listeners[].tls.watchInterval}). */
  public static final Duration DEFAULT_WATCH_INTERVAL = Duration.ofSeconds(10);

  /** Verification against the system trust store, no client certificate, the endpoint's name. */
  public static final UpstreamTlsConfig DEFAULT =
      new UpstreamTlsConfig(null, null, null, null, DEFAULT_WATCH_INTERVAL);

  public UpstreamTlsConfig {
    if (watchInterval == null || watchInterval.isNegative() || watchInterval.isZero()) {
      throw new IllegalArgumentException(
          "watchInterval: " + watchInterval + " (expected: a positive duration)");
    }
  }

  /** With the files checked every {@link #DEFAULT_WATCH_INTERVAL}. */
  public UpstreamTlsConfig(String caFile, String certFile, String keyFile, String serverName) {
    this(caFile, certFile, keyFile, serverName, DEFAULT_WATCH_INTERVAL);
  }

  /** True when there is a file to read (and to watch). */
  public boolean hasFiles() {
    return caFile != null || certFile != null;
  }
}
