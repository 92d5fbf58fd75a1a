package io.mcpedge.core.config;

import io.mcpedge.core.config.TlsConfig.HstsConfig;
import io.mcpedge.core.config.TlsConfig.TlsCertificate;
import io.mcpedge.core.config.TlsConfig.TlsClientAuth;
import io.mcpedge.core.config.TlsConfig.TlsProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code listeners[].tls} and {@code upstreams[].tls}. */
final class TlsSection {

  static final List<String> KEYS =
      List.of(
          "certFile",
          "keyFile",
          "sni",
          "minVersion",
          "ciphers",
          "clientAuth",
          "clientCaFile",
          "provider",
          "sessionTicketKeyRotation",
          "watchInterval",
          "hsts");
  static final List<String> SNI_KEYS = List.of("serverNames", "certFile", "keyFile");
  static final List<String> HSTS_KEYS = List.of("maxAge", "includeSubDomains", "preload");
  static final List<String> UPSTREAM_KEYS =
      List.of("caFile", "certFile", "keyFile", "serverName", "watchInterval");
  static final List<String> VERSIONS = List.of("TLSv1.2", "TLSv1.3");

  private TlsSection() {}

  /** A listener's {@code tls}, or {@code null} when absent. */
  static TlsConfig listener(Node node) {
    if (!node.present()) {
      return null;
    }
    Fields f = Fields.of(node, "a mapping with keys " + KEYS, KEYS);
    if (!f.present()) {
      return null;
    }
    List<TlsCertificate> certs = new ArrayList<>();
    certs.add(
        new TlsCertificate(f.requiredString("certFile"), f.requiredString("keyFile"), List.of()));
    Node sni = f.child("sni");
    if (sni.present()) {
      for (Node e : sni.elements("a list of {serverNames, certFile, keyFile}")) {
        Fields s = Fields.of(e, "a mapping with keys " + SNI_KEYS, SNI_KEYS);
        if (!s.present()) {
          continue;
        }
        List<String> names = s.strings("serverNames", List.of());
        if (names.isEmpty()) {
          s.node().child("serverNames").missing("a non-empty list of host names");
        }
        certs.add(
            new TlsCertificate(s.requiredString("certFile"), s.requiredString("keyFile"), names));
      }
    }
    String minVersion = f.string("minVersion", "TLSv1.2");
    if (minVersion != null && !VERSIONS.contains(minVersion)) {
      f.child("minVersion").problem("one of " + VERSIONS);
    }
    TlsClientAuth clientAuth = f.choice("clientAuth", TlsClientAuth.NONE, Spelling.CLIENT_AUTH);
    String clientCa = f.string("clientCaFile", null);
    if (clientAuth != TlsClientAuth.NONE && clientCa == null) {
      f.child("clientCaFile").missing("a PEM CA bundle when clientAuth is optional or require");
    } else if (clientAuth == TlsClientAuth.NONE && clientCa != null) {
      f.child("clientCaFile").problem("only with clientAuth optional or require");
    }
    return new TlsConfig(
        certs,
        minVersion,
        f.strings("ciphers", List.of()),
        clientAuth,
        clientCa,
        f.choice("provider", TlsProvider.AUTO, Spelling.TLS_PROVIDER),
        f.duration("sessionTicketKeyRotation", Duration.ofHours(1), Scalars.Bound.POSITIVE),
        f.duration("watchInterval", Duration.ofSeconds(10), Scalars.Bound.POSITIVE),
        hsts(f.child("hsts")));
  }

  private static HstsConfig hsts(Node node) {
    if (!node.present()) {
      return null;
    }
    Fields f = Fields.of(node, "a mapping with keys " + HSTS_KEYS, HSTS_KEYS);
    if (!f.present()) {
      return null;
    }
    Node maxAge = f.required("maxAge", "a duration such as 365d");
    Duration age = maxAge == null ? null : Scalars.duration(maxAge, Scalars.Bound.NON_NEGATIVE);
    return new HstsConfig(
        age == null ? Duration.ZERO : age,
        f.bool("includeSubDomains", false),
        f.bool("preload", false));
  }

  /**
   * An upstream's {@code tls}: {@link UpstreamTlsConfig#DEFAULT} for {@code https://} endpoints
   * without one, {@code null} for {@code http://} endpoints (where a {@code tls} key is an error).
   */
  static UpstreamTlsConfig upstream(Node node, List<EndpointAddress> endpoints) {
    long https = endpoints.stream().filter(EndpointAddress::isHttps).count();
    if (https > 0 && https < endpoints.size()) {
      node.problems()
          .add(
              node.path().replaceFirst("\\.tls$", ".endpoints"),
              "mixed http:// and https://",
              "every endpoint of an upstream with the same scheme");
    }
    Fields f = Fields.of(node, "a mapping with keys " + UPSTREAM_KEYS, UPSTREAM_KEYS);
    if (https == 0) {
      if (f.present() && node.present()) {
        node.problem("no tls on an upstream with http:// endpoints");
      }
      return null;
    }
    if (!f.present()) {
      return UpstreamTlsConfig.DEFAULT;
    }
    String cert = f.string("certFile", null);
    String key = f.string("keyFile", null);
    if ((cert == null) != (key == null)) {
      f.node()
          .problemDetail(
              "certFile and keyFile (expected: both or neither, for a client certificate)");
    }
    return new UpstreamTlsConfig(
        f.string("caFile", null),
        cert,
        key,
        f.string("serverName", null),
        f.duration(
            "watchInterval", UpstreamTlsConfig.DEFAULT_WATCH_INTERVAL, Scalars.Bound.POSITIVE));
  }
}
