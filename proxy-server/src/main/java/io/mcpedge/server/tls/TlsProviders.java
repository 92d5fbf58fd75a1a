package io.mcpedge.server.tls;

import io.mcpedge.core.config.TlsConfig.TlsProvider;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;

/**
 * Chooses the TLS implementation: BoringSSL through netty-tcnative when its native library loads
 * and supports ALPN (the build ships it for Linux x86_64 and aarch64), else the JDK's. BoringSSL
 * costs about half the CPU per handshake and supports session tickets with keys the proxy rotates.
 */
public final class TlsProviders {

  private TlsProviders() {}

  /**
   * @throws IllegalStateException when {@code openssl} is asked for but cannot load
   */
  public static SslProvider choose(TlsProvider wanted) {
    boolean openssl = SslProvider.isAlpnSupported(SslProvider.OPENSSL);
    return switch (wanted) {
      case JDK -> SslProvider.JDK;
      case OPENSSL -> {
        if (!openssl) {
          throw new IllegalStateException(
              "tls.provider: openssl, but BoringSSL does not load here: "
                  + OpenSsl.unavailabilityCause());
        }
        yield SslProvider.OPENSSL;
      }
      case AUTO -> openssl ? SslProvider.OPENSSL : SslProvider.JDK;
    };
  }

  /** How the provider is named in the log and on the admin listener. */
  public static String describe(SslProvider provider) {
    return provider == SslProvider.JDK
        ? "JDK " + Runtime.version().feature()
        : OpenSsl.versionString() + " (netty-tcnative)";
  }
}
