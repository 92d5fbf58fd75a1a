package io.mcpedge.server.tls;

import io.mcpedge.core.config.TlsConfig;
import io.mcpedge.core.config.TlsConfig.TlsCertificate;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.util.DomainWildcardMappingBuilder;
import io.netty.util.Mapping;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * One immutable generation of a listener's server contexts: one {@link SslContext} per configured
 * certificate and the SNI map from host names to them, built from the bytes of the files as they
 * were read together. A certificate change builds a new generation; connections keep the context
 * they started their handshake with.
 */
public final class ServerContexts {

  /**
   * TLS 1.2 suites: ECDHE for forward secrecy with AEAD ciphers only, as Mozilla's "intermediate"
   * profile and RFC 9113 §9.2.2 ask. The TLS 1.3 suites follow (RFC 8446 §9.1).
   */
  static final List<String> DEFAULT_CIPHERS =
      List.of(
          "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  static final List<String> TLS13_CIPHERS =
      List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");

  /** ALPN (RFC 7301): HTTP/2 preferred, HTTP/1.1 for clients that do not offer it. */
  static final ApplicationProtocolConfig SERVER_ALPN =
      new ApplicationProtocolConfig(
          ApplicationProtocolConfig.Protocol.ALPN,
          ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
          ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
          ApplicationProtocolNames.HTTP_2,
          ApplicationProtocolNames.HTTP_1_1);

  /** What the admin listener shows of one loaded certificate. */
  public record CertificateInfo(
      String certFile, List<String> serverNames, String subject, Instant notAfter) {}

  private final Mapping<String, SslContext> byName;
  private final List<SslContext> contexts;
  private final List<CertificateInfo> infos;

  private ServerContexts(
      Mapping<String, SslContext> byName, List<SslContext> contexts, List<CertificateInfo> infos) {
    this.byName = byName;
    this.contexts = List.copyOf(contexts);
    this.infos = List.copyOf(infos);
  }

  /**
   * Builds every context of {@code config} from {@code files} (the bytes of each certificate and
   * key file in configuration order, then the client CA bundle if any).
   *
   * @throws GeneralSecurityException when a file is not what it should be
   */
  static ServerContexts build(TlsConfig config, SslProvider provider, TlsFiles files)
      throws GeneralSecurityException, SSLException {
    X509Certificate[] clientCas = null;
    if (config.clientCaFile() != null) {
      clientCas =
          PemFiles.certificates(files.bytes(config.clientCaFile()), config.clientCaFile())
              .toArray(new X509Certificate[0]);
    }
    List<SslContext> contexts = new ArrayList<>();
    List<CertificateInfo> infos = new ArrayList<>();
    DomainWildcardMappingBuilder<SslContext> names = null;
    for (TlsCertificate c : config.certificates()) {
      List<X509Certificate> chain = PemFiles.certificates(files.bytes(c.certFile()), c.certFile());
      PrivateKey key = PemFiles.privateKey(files.bytes(c.keyFile()), c.keyFile());
      PemFiles.checkPair(key, chain.get(0), c.keyFile());
      SslContext ctx = context(config, provider, key, chain, clientCas);
      contexts.add(ctx);
      infos.add(
          new CertificateInfo(
              c.certFile(),
              c.serverNames(),
              chain.get(0).getSubjectX500Principal().getName(),
              chain.get(0).getNotAfter().toInstant()));
      if (names == null) {
        names = new DomainWildcardMappingBuilder<>(ctx);
      }
      for (String n : c.serverNames()) {
        names.add(n, ctx);
      }
    }
    return new ServerContexts(names.build(), contexts, infos);
  }

  private static SslContext context(
      TlsConfig config,
      SslProvider provider,
      PrivateKey key,
      List<X509Certificate> chain,
      X509Certificate[] clientCas)
      throws SSLException {
    List<String> ciphers = new ArrayList<>(config.ciphers());
    if (ciphers.isEmpty()) {
      ciphers.addAll(DEFAULT_CIPHERS);
    }
    ciphers.addAll(TLS13_CIPHERS);
    SslContextBuilder b =
        SslContextBuilder.forServer(key, chain)
            .sslProvider(provider)
            .protocols(
                "TLSv1.3".equals(config.minVersion())
                    ? new String[] {"TLSv1.3"}
                    : new String[] {"TLSv1.3", "TLSv1.2"})
            .ciphers(ciphers, SupportedCipherSuiteFilter.INSTANCE)
            .applicationProtocolConfig(SERVER_ALPN);
    switch (config.clientAuth()) {
      case REQUIRE -> b.clientAuth(ClientAuth.REQUIRE).trustManager(clientCas);
      case OPTIONAL -> b.clientAuth(ClientAuth.OPTIONAL).trustManager(clientCas);
      case NONE -> b.clientAuth(ClientAuth.NONE);
    }
    return b.build();
  }

  /** The context for an SNI host name; the default certificate's for {@code null} or no match. */
  SslContext map(String hostname) {
    return byName.map(hostname);
  }

  List<SslContext> contexts() {
    return contexts;
  }

  public List<CertificateInfo> certificates() {
    return infos;
  }
}
