package io.mcpedge.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpedge.core.config.ConfigLoader;
import io.mcpedge.server.EdgeServer;
import io.mcpedge.server.NettyOrigin;
import io.mcpedge.server.channel.Transport;
import io.mcpedge.server.time.Scheduler;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TLS listeners with certificates made in the test: ALPN h2 with curl and the JDK client, SNI, TLS
 * versions, mutual TLS, HSTS and the cleartext redirect, on BoringSSL and on the JDK provider.
 */
@Timeout(60)
class TlsListenerIT {

  @TempDir static Path dir;
  static TestPki pki;
  static TestPki otherCa;
  static Path[] server;
  static Path[] rsaServer;
  static Path[] client;
  static Path[] strangerClient;
  static NettyOrigin origin;
  static EdgeServer edge;

  @BeforeAll
  static void start() throws Exception {
    pki = new TestPki(dir, "ca");
    otherCa = new TestPki(dir, "other-ca");
    server = pki.server("server", false, "a.test", "b.test");
    rsaServer = pki.server("rsa", true, "c.test");
    client = pki.client("client", "client-one");
    strangerClient = otherCa.client("stranger", "stranger");
    origin = NettyOrigin.http1();
    String certs =
        "certFile: "
            + server[0]
            + ", keyFile: "
            + server[1]
            + ", sni: [{serverNames: [c.test], certFile: "
            + rsaServer[0]
            + ", keyFile: "
            + rsaServer[1]
            + "}]";
    String yaml =
        "listeners:\n"
            + "  - {name: http, address: 127.0.0.1:0}\n"
            + "  - {name: https, address: 127.0.0.1:0, tls: {"
            + certs
            + ", hsts: {maxAge: 365d, includeSubDomains: true}}}\n"
            + "  - {name: https-jdk, address: 127.0.0.1:0, tls: {"
            + certs
            + ", provider: jdk}}\n"
            + "  - {name: mtls, address: 127.0.0.1:0, tls: {"
            + certs
            + ", clientAuth: require, clientCaFile: "
            + pki.caCert()
            + "}}\n"
            + "  - {name: mtls-optional, address: 127.0.0.1:0, tls: {"
            + certs
            + ", clientAuth: optional, clientCaFile: "
            + pki.caCert()
            + "}}\n"
            + "admin: {address: 127.0.0.1:0}\n"
            + "upstreams: [{name: origin, endpoints: [\"http://127.0.0.1:"
            + origin.port()
            + "\"]}]\n"
            + "routes:\n"
            + "  - {name: secure, match: {path: {type: PathPrefix, value: /secure}},"
            + " upstream: origin, httpsRedirect: true}\n"
            + "  - {name: secure-port, match: {path: {type: PathPrefix, value: /port}},"
            + " upstream: origin, httpsRedirect: {port: 8443}}\n"
            + "  - {name: default, upstream: origin}\n";
    edge =
        new EdgeServer(
            ConfigLoader.parse(yaml, "tls.yaml", Map.of()),
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
  }

  static int port(String listener) {
    return edge.listenerAddress(listener).getPort();
  }

  static SSLContext trusting() throws Exception {
    return TestPki.clientContext(pki.caCert(), null);
  }

  @ParameterizedTest
  @ValueSource(strings = {"https", "https-jdk"})
  void curlGetsHttp2ByAlpn(String listener) throws Exception {
    int port = port(listener);
    Process p =
        new ProcessBuilder(
                "curl",
                "-sS",
                "--http2",
                "--cacert",
                pki.caCert().toString(),
                "--resolve",
                "a.test:" + port + ":127.0.0.1",
                "-D",
                "-",
                "-o",
                "/dev/null",
                "-w",
                "version=%{http_version}",
                "https://a.test:" + port + "/echo")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(out).startsWith("HTTP/2 200").endsWith("version=2");
    if (listener.equals("https")) {
      assertThat(out).contains("strict-transport-security: max-age=31536000; includeSubDomains");
    } else {
      assertThat(out).doesNotContainIgnoringCase("strict-transport-security");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"https", "https-jdk"})
  void jdkClientSpeaksHttp2AndHttp1(String listener) throws Exception {
    URI uri = URI.create("https://127.0.0.1:" + port(listener) + "/echo");
    for (HttpClient.Version v : List.of(HttpClient.Version.HTTP_2, HttpClient.Version.HTTP_1_1)) {
      HttpClient c =
          HttpClient.newBuilder()
              .sslContext(trusting())
              .version(v)
              .connectTimeout(Duration.ofSeconds(5))
              .build();
      HttpResponse<String> res =
          c.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(res.statusCode()).isEqualTo(200);
      assertThat(res.version()).isEqualTo(v);
      assertThat(res.body()).startsWith("GET /echo\n");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"https", "https-jdk"})
  void sniPicksTheCertificate(String listener) throws Exception {
    int port = port(listener);
    try (TlsClient a = new TlsClient(trusting(), port, "a.test");
        TlsClient c = new TlsClient(trusting(), port, "c.test");
        TlsClient none = new TlsClient(trusting(), port, null);
        TlsClient unknown = new TlsClient(trusting(), port, "z.test")) {
      assertThat(a.peerLeaf()).isEqualTo(TestPki.leaf(server[0]));
      assertThat(c.peerLeaf()).isEqualTo(TestPki.leaf(rsaServer[0]));
      assertThat(none.peerLeaf()).isEqualTo(TestPki.leaf(server[0]));
      assertThat(unknown.peerLeaf()).isEqualTo(TestPki.leaf(server[0]));
      assertThat(c.get("/echo").status()).isEqualTo(200);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"https", "https-jdk"})
  void offersTls13And12Only(String listener) throws Exception {
    int port = port(listener);
    try (TlsClient d = new TlsClient(trusting(), port, "a.test");
        TlsClient v12 = new TlsClient(trusting(), port, "a.test", "TLSv1.2")) {
      assertThat(d.protocol()).isEqualTo("TLSv1.3");
      assertThat(v12.protocol()).isEqualTo("TLSv1.2");
      assertThat(v12.get("/echo").status()).isEqualTo(200);
    }
    Process p =
        new ProcessBuilder(
                "openssl",
                "s_client",
                "-connect",
                "127.0.0.1:" + port,
                "-tls1_1",
                "-servername",
                "a.test")
            .redirectErrorStream(true)
            .start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isNotZero();
  }

  @Test
  void requiredClientCertificateIsVerified() throws Exception {
    int port = port("mtls");
    try (TlsClient ok =
        new TlsClient(TestPki.clientContext(pki.caCert(), client), port, "a.test")) {
      assertThat(ok.get("/echo").status()).isEqualTo(200);
    }
    assertThatThrownBy(
            () -> {
              try (TlsClient none = new TlsClient(trusting(), port, "a.test")) {
                none.get("/echo"); // TLS 1.3: the refusal arrives after the client's Finished
              }
            })
        .isInstanceOf(IOException.class);
    assertThat(curlWithClientCertificate(port, strangerClient)).doesNotContain("status=200");
    assertThat(curlWithClientCertificate(port, client)).contains("status=200");
  }

  /**
   * curl sends its certificate whatever CAs the server names (the JDK client would stay silent with
   * a certificate of another CA), so it tests the server's verification.
   */
  static String curlWithClientCertificate(int port, Path[] certAndKey) throws Exception {
    Process p =
        new ProcessBuilder(
                "curl",
                "-sS",
                "--cacert",
                pki.caCert().toString(),
                "--cert",
                certAndKey[0].toString(),
                "--key",
                certAndKey[1].toString(),
                "--resolve",
                "a.test:" + port + ":127.0.0.1",
                "-o",
                "/dev/null",
                "-w",
                "status=%{http_code}",
                "https://a.test:" + port + "/echo")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    return out;
  }

  @Test
  void optionalClientCertificateMayBeAbsent() throws Exception {
    int port = port("mtls-optional");
    try (TlsClient none = new TlsClient(trusting(), port, "a.test");
        TlsClient with =
            new TlsClient(TestPki.clientContext(pki.caCert(), client), port, "a.test")) {
      assertThat(none.get("/echo").status()).isEqualTo(200);
      assertThat(with.get("/echo").status()).isEqualTo(200);
    }
    assertThat(curlWithClientCertificate(port, strangerClient)).doesNotContain("status=200");
  }

  @Test
  void cleartextRequestsOfARedirectingRouteGet308() throws Exception {
    HttpClient c = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    URI base = URI.create("http://127.0.0.1:" + port("http"));
    HttpResponse<String> res =
        c.send(
            HttpRequest.newBuilder(base.resolve("/secure/x?y=1"))
                .POST(HttpRequest.BodyPublishers.ofString("body"))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(res.statusCode()).isEqualTo(308);
    assertThat(res.headers().firstValue("location")).hasValue("https://127.0.0.1/secure/x?y=1");
    assertThat(res.headers().firstValue("strict-transport-security")).isEmpty();
    HttpResponse<String> ported =
        c.send(
            HttpRequest.newBuilder(base.resolve("/port/z")).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(ported.headers().firstValue("location")).hasValue("https://127.0.0.1:8443/port/z");
    HttpResponse<String> other =
        c.send(
            HttpRequest.newBuilder(base.resolve("/other")).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(other.statusCode()).isEqualTo(200);
    try (TlsClient tls = new TlsClient(trusting(), port("https"), "a.test")) {
      TlsClient.Response secure = tls.get("/secure/x");
      assertThat(secure.status()).isEqualTo(200);
      assertThat(secure.headers())
          .containsEntry("strict-transport-security", "max-age=31536000; includeSubDomains");
    }
  }

  /**
   * RFC 5077 session tickets on BoringSSL are encrypted with the listener's own rotating keys: a
   * ticket resumes its session until three rotations have pushed its key out.
   */
  @Test
  void sessionTicketsResumeUntilTheirKeyRotatesOut() throws Exception {
    Path session = dir.resolve("session.pem");
    assertThat(sClient("-sess_out", session.toString())).contains("New, TLSv1.2");
    assertThat(sClient("-sess_in", session.toString())).contains("Reused, TLSv1.2");
    ServerTls tls = edge.tls("https");
    tls.rotateTicketKeys();
    tls.rotateTicketKeys();
    assertThat(sClient("-sess_in", session.toString())).contains("Reused, TLSv1.2");
    tls.rotateTicketKeys();
    assertThat(sClient("-sess_in", session.toString())).contains("New, TLSv1.2");
  }

  private static String sClient(String... sessionArgs) throws Exception {
    List<String> cmd =
        new java.util.ArrayList<>(
            List.of(
                "openssl",
                "s_client",
                "-connect",
                "127.0.0.1:" + port("https"),
                "-servername",
                "a.test",
                "-tls1_2",
                "-CAfile",
                pki.caCert().toString()));
    cmd.addAll(List.of(sessionArgs));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    return out;
  }
}
