package io.mcpedge.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mcpedge.core.config.TlsConfig.TlsClientAuth;
import io.mcpedge.core.config.TlsConfig.TlsProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code listeners[].tls}, {@code upstreams[].tls} and {@code routes[].httpsRedirect}. */
@Timeout(10)
class TlsConfigTest {

  private static final String UPSTREAMS =
      "upstreams: [{name: gateway, endpoints: [\"http://127.0.0.1:4444\"]}]\n";
  private static final String ROUTES = "routes: [{name: default, upstream: gateway}]\n";

  private static EdgeConfig parse(String yaml) throws ConfigException {
    return ConfigLoader.parse(yaml, "edge.yaml", Map.of());
  }

  private static String listener(String tls) {
    return "listeners: [{name: https, address: \"127.0.0.1:0\", tls: " + tls + "}]\n";
  }

  @Test
  void readsEveryListenerKey() throws ConfigException {
    EdgeConfig c =
        parse(
            listener(
                    "{certFile: a.crt, keyFile: a.key, sni: [{serverNames: [b.example,"
                        + " \"*.c.example\"], certFile: b.crt, keyFile: b.key}], minVersion:"
                        + " TLSv1.3, ciphers: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256], clientAuth:"
                        + " require, clientCaFile: ca.pem, provider: jdk,"
                        + " sessionTicketKeyRotation: 2h, watchInterval: 1s, hsts: {maxAge: 365d,"
                        + " includeSubDomains: true}}")
                + UPSTREAMS
                + ROUTES);
    TlsConfig tls = c.listeners().get(0).tls();
    assertThat(tls.certificates()).hasSize(2);
    assertThat(tls.certificates().get(0).certFile()).isEqualTo("a.crt");
    assertThat(tls.certificates().get(1).serverNames()).containsExactly("b.example", "*.c.example");
    assertThat(tls.minVersion()).isEqualTo("TLSv1.3");
    assertThat(tls.clientAuth()).isEqualTo(TlsClientAuth.REQUIRE);
    assertThat(tls.clientCaFile()).isEqualTo("ca.pem");
    assertThat(tls.provider()).isEqualTo(TlsProvider.JDK);
    assertThat(tls.sessionTicketKeyRotation()).isEqualTo(Duration.ofHours(2));
    assertThat(tls.watchInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(tls.hsts().headerValue()).isEqualTo("max-age=31536000; includeSubDomains");
  }

  @Test
  void defaultsAreTls12PlusNoClientAuthAutoProvider() throws ConfigException {
    TlsConfig tls =
        parse(listener("{certFile: a.crt, keyFile: a.key}") + UPSTREAMS + ROUTES)
            .listeners()
            .get(0)
            .tls();
    assertThat(tls.minVersion()).isEqualTo("TLSv1.2");
    assertThat(tls.ciphers()).isEmpty();
    assertThat(tls.clientAuth()).isEqualTo(TlsClientAuth.NONE);
    assertThat(tls.provider()).isEqualTo(TlsProvider.AUTO);
    assertThat(tls.hsts()).isNull();
  }

  @Test
  void httpsUpstreamsGetTlsAndRoutesAHttpsRedirect() throws ConfigException {
    EdgeConfig c =
        parse(
            "listeners: [{name: http, address: \"127.0.0.1:0\"}]\n"
                + "upstreams: [{name: gateway, endpoints: [\"https://gw\"], protocol: h2,"
                + " tls: {caFile: ca.pem, serverName: gw.internal}},"
                + " {name: plain, endpoints: [\"https://gw2\"]}]\n"
                + "routes: [{name: a, upstream: gateway, httpsRedirect: true},"
                + " {name: b, upstream: plain, httpsRedirect: {port: 8443}},"
                + " {name: c, upstream: plain}]\n");
    assertThat(c.upstreams().get(0).tls())
        .isEqualTo(new UpstreamTlsConfig("ca.pem", null, null, "gw.internal"));
    assertThat(c.upstreams().get(0).protocol()).isEqualTo(UpstreamProtocol.H2C);
    assertThat(c.upstreams().get(1).tls()).isEqualTo(UpstreamTlsConfig.DEFAULT);
    assertThat(c.routes().get(0).httpsRedirectPort()).isEqualTo(443);
    assertThat(c.routes().get(1).httpsRedirectPort()).isEqualTo(8443);
    assertThat(c.routes().get(2).httpsRedirectPort()).isNull();
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of(
            listener("{certFile: a.crt}") + UPSTREAMS + ROUTES,
            "edge.yaml: listeners[0].tls.keyFile: missing (expected: a string)"),
        Arguments.of(
            listener("{certFile: a.crt, keyFile: a.key, minVersion: TLSv1.1}") + UPSTREAMS + ROUTES,
            "edge.yaml: listeners[0].tls.minVersion: \"TLSv1.1\" (expected: one of [TLSv1.2,"
                + " TLSv1.3])"),
        Arguments.of(
            listener("{certFile: a.crt, keyFile: a.key, clientAuth: require}") + UPSTREAMS + ROUTES,
            "edge.yaml: listeners[0].tls.clientCaFile: missing (expected: a PEM CA bundle when"
                + " clientAuth is optional or require)"),
        Arguments.of(
            listener("{certFile: a.crt, keyFile: a.key, clientAuth: always, clientCaFile: c}")
                + UPSTREAMS
                + ROUTES,
            "edge.yaml: listeners[0].tls.clientAuth: \"always\" (expected: one of [none, optional,"
                + " require])"),
        Arguments.of(
            listener("{certFile: a.crt, keyFile: a.key, sni: [{certFile: b, keyFile: b}]}")
                + UPSTREAMS
                + ROUTES,
            "edge.yaml: listeners[0].tls.sni[0].serverNames: missing (expected: a non-empty list"
                + " of host names)"),
        Arguments.of(
            "listeners: [{name: http, address: \"127.0.0.1:0\"}]\n"
                + "upstreams: [{name: gateway, endpoints: [\"http://gw\"], tls: {caFile: x}}]\n"
                + ROUTES,
            "edge.yaml: upstreams[0].tls: a mapping (expected: no tls on an upstream"
                + " with http:// endpoints)"),
        Arguments.of(
            "listeners: [{name: http, address: \"127.0.0.1:0\"}]\n"
                + "upstreams: [{name: gateway, endpoints: [\"https://gw\"], tls: {certFile: x}}]\n"
                + ROUTES,
            "edge.yaml: upstreams[0].tls: certFile and keyFile (expected: both or neither, for a"
                + " client certificate)"),
        Arguments.of(
            "listeners: [{name: http, address: \"127.0.0.1:0\"}]\n"
                + UPSTREAMS
                + "routes: [{name: default, upstream: gateway, httpsRedirect: {port: 0}}]\n",
            "edge.yaml: routes[0].httpsRedirect.port: 0 (expected: 1..65535)"));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void refusesWithThePathAndTheExpectation(String yaml, String problem) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(yaml));
    assertThat(e).isNotNull();
    assertThat(e.problems()).contains(problem);
  }

  @Test
  void theTlsExampleTakesEveryAddressAndFileFromTheEnvironment() throws ConfigException {
    EdgeConfig c =
        ConfigLoader.load(
            Path.of("..", "examples", "edge-tls.yaml"),
            Map.of(
                "EDGE_LISTEN", "127.0.0.1:18080",
                "EDGE_TLS_LISTEN", "127.0.0.1:18443",
                "EDGE_ADMIN", "127.0.0.1:19901",
                "EDGE_UPSTREAM", "http://10.0.0.7:4444",
                "EDGE_TLS_CERT", "/run/secret/tls.crt",
                "EDGE_TLS_KEY", "/run/secret/tls.key"));
    assertThat(c.listeners()).hasSize(2);
    assertThat(c.listeners().get(0).address()).isEqualTo(new HostPort("127.0.0.1", 18080));
    assertThat(c.listeners().get(0).tls()).isNull();
    assertThat(c.listeners().get(1).address()).isEqualTo(new HostPort("127.0.0.1", 18443));
    assertThat(c.listeners().get(1).tls().certificates().get(0))
        .isEqualTo(
            new TlsConfig.TlsCertificate("/run/secret/tls.crt", "/run/secret/tls.key", List.of()));
    assertThat(c.admin().address()).isEqualTo(new HostPort("127.0.0.1", 19901));
    assertThat(c.upstreams().get(0).endpoints())
        .containsExactly(new EndpointAddress("http", "10.0.0.7", 4444));
  }
}
