package io.mcpedge.server.tls;

import io.mcpedge.core.config.UpstreamTlsConfig;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;

/**
 * TLS to the {@code https://} endpoints of one upstream: one client context, verifying the
 * upstream's chain against the given CA bundle or the JDK's trust store and its name (RFC 9110
 * §4.3.4: the configured {@code serverName}, else the endpoint's host), sending that name as SNI
 * (RFC 6066 §3; never for an IP address), presenting a client certificate when configured, and
 * offering by ALPN only the protocol the upstream's {@code protocol} names: {@code h2} or {@code
 * http/1.1}. The files are read once, when the upstream is built.
 */
public final class UpstreamTls {

  private final SslContext context;
  private final String serverName;

  /**
   * @throws IllegalStateException naming the upstream and the file that does not load
   */
  public UpstreamTls(String upstream, UpstreamTlsConfig config, boolean http2) {
    this.serverName = config.serverName();
    try {
      SslContextBuilder b =
          SslContextBuilder.forClient()
              .sslProvider(
                  SslProvider.isAlpnSupported(SslProvider.OPENSSL)
                      ? SslProvider.OPENSSL
                      : SslProvider.JDK)
              .protocols("TLSv1.3", "TLSv1.2")
              .endpointIdentificationAlgorithm("HTTPS")
              .applicationProtocolConfig(
                  new ApplicationProtocolConfig(
                      ApplicationProtocolConfig.Protocol.ALPN,
                      ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                      ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                      http2 ? ApplicationProtocolNames.HTTP_2 : ApplicationProtocolNames.HTTP_1_1));
      if (config.caFile() != null) {
        b.trustManager(
            PemFiles.certificates(Files.readAllBytes(Path.of(config.caFile())), config.caFile())
                .toArray(new X509Certificate[0]));
      }
      if (config.certFile() != null) {
        b.keyManager(
            PemFiles.privateKey(Files.readAllBytes(Path.of(config.keyFile())), config.keyFile()),
            PemFiles.certificates(Files.readAllBytes(Path.of(config.certFile())), config.certFile())
                .toArray(new X509Certificate[0]));
      }
      this.context = b.build();
    } catch (Exception e) {
      throw new IllegalStateException(
          "upstreams." + upstream + ".tls: cannot load: " + e.getMessage(), e);
    }
  }

  /** A TLS handler for a new connection to {@code host:port} (the endpoint's configured host). */
  public SslHandler newHandler(ByteBufAllocator alloc, String host, int port) {
    return context.newHandler(alloc, serverName != null ? serverName : host, port);
  }
}
