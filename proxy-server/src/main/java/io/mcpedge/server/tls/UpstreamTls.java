package io.mcpedge.server.tls;

import io.mcpedge.core.config.UpstreamTlsConfig;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS to the {@code https://} endpoints of one upstream: one client context, verifying the
 * upstream's chain against the given CA bundle or the JDK's trust store and its name (RFC 9110
 * §4.3.4: the configured {@code serverName}, else the endpoint's host), sending that name as SNI
 * (RFC 6066 §3; never for an IP address), presenting a client certificate when configured, and
 * offering by ALPN only the protocol the upstream's {@code protocol} names: {@code h2} or {@code
 * http/1.1}.
 *
 * <p>The files are read when the upstream is built (a file that does not load fails the start or
 * the reload) and again by {@link #check()}, every {@code watchInterval} on the upstream's resolver
 * thread: when their content changed (a client certificate cert-manager renewed, a rotated CA
 * bundle), a new context is built and new connections use it; pooled connections keep the session
 * they made. A change that does not load (a half-written Secret) keeps the context in use and is
 * logged once per content, as for listeners.
 */
public final class UpstreamTls {

  private static final Logger log = LoggerFactory.getLogger(UpstreamTls.class);

  private final String upstream;
  private final UpstreamTlsConfig config;
  private final boolean http2;
  private final List<String> files;
  private volatile SslContext context;
  private volatile String digest;
  private String failedDigest;
  private volatile int reloads;

  /**
   * @throws IllegalStateException naming the upstream and the file that does not load
   */
  public UpstreamTls(String upstream, UpstreamTlsConfig config, boolean http2) {
    this.upstream = upstream;
    this.config = config;
    this.http2 = http2;
    List<String> paths = new ArrayList<>();
    if (config.caFile() != null) {
      paths.add(config.caFile());
    }
    if (config.certFile() != null) {
      paths.add(config.certFile());
      paths.add(config.keyFile());
    }
    this.files = List.copyOf(paths);
    try {
      TlsFiles read = TlsFiles.read(files);
      this.context = build(read);
      this.digest = read.digest();
    } catch (Exception e) {
      throw new IllegalStateException(
          "upstreams." + upstream + ".tls: cannot load: " + e.getMessage(), e);
    }
  }

  private SslContext build(TlsFiles read) throws Exception {
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
          PemFiles.certificates(read.bytes(config.caFile()), config.caFile())
              .toArray(new X509Certificate[0]));
    }
    if (config.certFile() != null) {
      b.keyManager(
          PemFiles.privateKey(read.bytes(config.keyFile()), config.keyFile()),
          PemFiles.certificates(read.bytes(config.certFile()), config.certFile())
              .toArray(new X509Certificate[0]));
    }
    return b.build();
  }

  /** A TLS handler for a new connection to {@code host:port} (the endpoint's configured host). */
  public SslHandler newHandler(ByteBufAllocator alloc, String host, int port) {
    String name = config.serverName();
    return context.newHandler(alloc, name != null ? name : host, port);
  }

  /**
   * Whether there are files to watch (without, the JDK's trust store is used and nothing reloads).
   */
  public boolean watched() {
    return !files.isEmpty();
  }

  /**
   * Reads the files again and, when their content changed and loads, makes new connections use it.
   * Blocking I/O: on the upstream's resolver thread, never on an event loop.
   */
  public void check() {
    TlsFiles read;
    try {
      read = TlsFiles.read(files);
    } catch (IOException e) {
      warnOnce("unreadable:" + e.getMessage(), e.toString());
      return;
    }
    if (read.digest().equals(digest)) {
      return;
    }
    try {
      context = build(read);
    } catch (Exception e) {
      warnOnce(read.digest(), e.getMessage());
      return;
    }
    digest = read.digest();
    failedDigest = null;
    reloads++;
    log.info("upstream {}: TLS files changed; new connections use them", upstream);
  }

  private void warnOnce(String what, String why) {
    if (!what.equals(failedDigest)) {
      failedDigest = what;
      log.warn(
          "upstream {}: TLS files changed but do not load ({}); connections keep the ones before",
          upstream,
          why);
    }
  }

  /** Contexts built from changed files since the start (for tests and the logs). */
  public int reloads() {
    return reloads;
  }

  public UpstreamTlsConfig config() {
    return config;
  }
}
