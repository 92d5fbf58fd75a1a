package io.mcpedge.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpedge.core.config.ConfigLoader;
import io.mcpedge.server.EdgeServer;
import io.mcpedge.server.channel.Transport;
import io.mcpedge.server.time.Scheduler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code https://} upstreams against TLS origins: SNI and name verification, a CA bundle, the
 * system trust store refusing a private CA, a client certificate, and ALPN h2 when {@code protocol:
 * h2}.
 */
@Timeout(60)
class UpstreamTlsIT {

  @TempDir static Path dir;
  static TestPki pki;
  static TlsOrigin origin;
  static TlsOrigin mtlsOrigin;
  static EdgeServer edge;

  @BeforeAll
  static void start() throws Exception {
    pki = new TestPki(dir, "ca");
    Path[] originCert = pki.server("origin", false, "origin.test");
    Path[] clientCert = pki.client("edge-client", "edge-client");
    origin = new TlsOrigin(originCert, null);
    mtlsOrigin = new TlsOrigin(originCert, pki.caCert());
    String ca = pki.caCert().toString();
    String at = "\"https://127.0.0.1:" + origin.port() + "\"";
    String mtlsAt = "\"https://127.0.0.1:" + mtlsOrigin.port() + "\"";
    String yaml =
        "listeners: [{name: http, address: 127.0.0.1:0}]\n"
            + "admin: {address: 127.0.0.1:0}\n"
            + "upstreams:\n"
            + "  - {name: h1, endpoints: ["
            + at
            + "], tls: {caFile: "
            + ca
            + ", serverName: origin.test}}\n"
            + "  - {name: by-ip, endpoints: ["
            + at
            + "], tls: {caFile: "
            + ca
            + "}}\n"
            + "  - {name: h2, endpoints: ["
            + at
            + "], protocol: h2, tls: {caFile: "
            + ca
            + ", serverName: origin.test}}\n"
            + "  - {name: system-trust, endpoints: ["
            + at
            + "]}\n"
            + "  - {name: h2-system-trust, endpoints: ["
            + at
            + "], protocol: h2}\n"
            + "  - {name: wrong-name, endpoints: ["
            + at
            + "], tls: {caFile: "
            + ca
            + ", serverName: other.test}}\n"
            + "  - {name: mtls, endpoints: ["
            + mtlsAt
            + "], tls: {caFile: "
            + ca
            + ", serverName: origin.test, certFile: "
            + clientCert[0]
            + ", keyFile: "
            + clientCert[1]
            + "}}\n"
            + "  - {name: mtls-none, endpoints: ["
            + mtlsAt
            + "], tls: {caFile: "
            + ca
            + ", serverName: origin.test}}\n"
            + "routes:\n";
    StringBuilder routes = new StringBuilder(yaml);
    for (String u :
        new String[] {
          "h1", "by-ip", "h2", "system-trust", "h2-system-trust", "wrong-name", "mtls", "mtls-none"
        }) {
      routes
          .append("  - {name: ")
          .append(u)
          .append(", match: {path: {type: PathPrefix, value: /")
          .append(u)
          .append("/}}, upstream: ")
          .append(u)
          .append("}\n");
    }
    edge =
        new EdgeServer(
            ConfigLoader.parse(routes.toString(), "upstream-tls.yaml", Map.of()),
            Transport.select(true),
            Scheduler.system());
    edge.start();
  }

  @AfterAll
  static void stop() {
    if (edge != null) {
      edge.close();
    }
    if (origin != null) {
      origin.close();
    }
    if (mtlsOrigin != null) {
      mtlsOrigin.close();
    }
  }

  static HttpResponse<String> get(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + edge.listenerAddress("http").getPort() + path))
                .timeout(Duration.ofSeconds(20))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void http1OverTlsWithSniAndACaBundle() throws Exception {
    HttpResponse<String> res = get("/h1/x");
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.body()).isEqualTo("proto=HTTP/1.1 sni=origin.test client=none path=/h1/x\n");
    // A pooled connection carries the next request.
    assertThat(get("/h1/y").body()).contains("path=/h1/y");
  }

  @Test
  void anIpEndpointIsVerifiedAgainstTheIpSanWithoutSni() throws Exception {
    HttpResponse<String> res = get("/by-ip/x");
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.body()).startsWith("proto=HTTP/1.1 sni=none ");
  }

  @Test
  void protocolH2NegotiatesHttp2ByAlpn() throws Exception {
    HttpResponse<String> res = get("/h2/x");
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.body()).startsWith("proto=HTTP/2 sni=origin.test");
  }

  @Test
  void anUntrustedOrMisnamedCertificateIsRefused() throws Exception {
    assertThat(get("/system-trust/x").statusCode()).isEqualTo(502);
    assertThat(get("/wrong-name/x").statusCode()).isEqualTo(502);
    // Over h2 too: the refused handshake fails the waiting request at once, not at its timeout.
    long start = System.nanoTime();
    assertThat(get("/h2-system-trust/x").statusCode()).isEqualTo(502);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void aClientCertificateIsPresentedWhenConfigured() throws Exception {
    HttpResponse<String> res = get("/mtls/x");
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.body()).contains("client=CN=edge-client");
    assertThat(get("/mtls-none/x").statusCode()).isEqualTo(502);
  }

  @Test
  void aRenewedClientCertificateIsUsedByNewConnections() throws Exception {
    Path[] first = pki.client("edge-first", "edge-first");
    Path[] renewed = pki.client("edge-renewed", "edge-renewed");
    Path secret = Files.createDirectories(dir.resolve("renewing"));
    Path crt = Files.copy(first[0], secret.resolve("tls.crt"));
    Path key = Files.copy(first[1], secret.resolve("tls.key"));
    String yaml =
        "listeners: [{name: http, address: 127.0.0.1:0}]\n"
            + "admin: {address: 127.0.0.1:0}\n"
            + "upstreams:\n"
            + "  - {name: mtls, endpoints: [\"https://127.0.0.1:"
            + mtlsOrigin.port()
            + "\"], pool: {idleTimeout: 200ms}, tls: {caFile: "
            + pki.caCert()
            + ", serverName: origin.test, certFile: "
            + crt
            + ", keyFile: "
            + key
            + ", watchInterval: 100ms}}\n"
            + "routes: [{name: mtls, upstream: mtls}]\n";
    try (EdgeServer renewing =
        new EdgeServer(
            ConfigLoader.parse(yaml, "renewing.yaml", Map.of()),
            Transport.select(true),
            Scheduler.system())) {
      renewing.start();
      URI uri = URI.create("http://127.0.0.1:" + renewing.listenerAddress("http").getPort() + "/x");
      HttpClient client = HttpClient.newHttpClient();
      HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build();
      assertThat(client.send(req, HttpResponse.BodyHandlers.ofString()).body())
          .contains("client=CN=edge-first");

      // Renewed in place, key first (a check between the two may see a pair that does not load:
      // the working context stays until the pair is whole).
      Files.copy(renewed[1], key, StandardCopyOption.REPLACE_EXISTING);
      Files.copy(renewed[0], crt, StandardCopyOption.REPLACE_EXISTING);
      await()
          .atMost(Duration.ofSeconds(15))
          .pollInterval(Duration.ofMillis(250))
          .until(
              () ->
                  client
                      .send(req, HttpResponse.BodyHandlers.ofString())
                      .body()
                      .contains("client=CN=edge-renewed"));
      assertThat(renewing.cluster("mtls").tls().reloads()).isPositive();
    }
  }
}
