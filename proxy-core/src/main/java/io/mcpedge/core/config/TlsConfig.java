package io.mcpedge.core.config;

import java.time.Duration;
import java.util.List;

/**
 * TLS termination on one listener ({@code listeners[].tls}). Certificates come from PEM files, as a
 * Kubernetes TLS Secret mounts them ({@code tls.crt}, {@code tls.key}), and are re-read when they
 * change.
 *
 * @param certificates the default certificate first, then the ones chosen by SNI; never empty
 * @param minVersion {@code TLSv1.2} or {@code TLSv1.3}; older versions are never offered
 * @param ciphers TLS 1.2 cipher suites (IANA names); empty for the built-in list
 * @param clientCaFile PEM bundle that client certificates are verified against; {@code null} when
 *     {@code clientAuth} is {@code none}
 * @param sessionTicketKeyRotation how long one session ticket key encrypts new tickets
 * @param watchInterval how often the certificate files are checked for a change
 * @param hsts {@code null} when no {@code Strict-Transport-Security} header is added
 */
public record TlsConfig(
    List<TlsCertificate> certificates,
    String minVersion,
    List<String> ciphers,
    TlsClientAuth clientAuth,
    String clientCaFile,
    TlsProvider provider,
    Duration sessionTicketKeyRotation,
    Duration watchInterval,
    HstsConfig hsts) {

  public TlsConfig {
    certificates = List.copyOf(certificates);
    ciphers = List.copyOf(ciphers);
  }

  /**
   * One certificate chain and its key.
   *
   * @param serverNames the SNI names it answers ({@code *.example.com} allowed); empty for the
   *     default certificate
   */
  public record TlsCertificate(String certFile, String keyFile, List<String> serverNames) {
    public TlsCertificate {
      serverNames = List.copyOf(serverNames);
    }
  }

  /** Whether clients must present a certificate (mutual TLS). */
  public enum TlsClientAuth {
    NONE,
    OPTIONAL,
    REQUIRE
  }

  /** Which TLS implementation runs: BoringSSL when it loads, else the JDK's. */
  public enum TlsProvider {
    AUTO,
    OPENSSL,
    JDK
  }

  /**
   * The {@code Strict-Transport-Security} header (RFC 6797 §6.1), sent only over TLS.
   *
   * @param maxAge how long browsers remember to use HTTPS only
   */
  public record HstsConfig(Duration maxAge, boolean includeSubDomains, boolean preload) {

    /** The header value, e.g. {@code max-age=31536000; includeSubDomains}. */
    public String headerValue() {
      return "max-age="
          + maxAge.toSeconds()
          + (includeSubDomains ? "; includeSubDomains" : "")
          + (preload ? "; preload" : "");
    }
  }
}
