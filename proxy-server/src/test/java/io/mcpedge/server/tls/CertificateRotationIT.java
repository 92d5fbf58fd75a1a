package io.mcpedge.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpedge.core.config.ConfigLoader;
import io.mcpedge.server.EdgeServer;
import io.mcpedge.server.NettyOrigin;
import io.mcpedge.server.channel.Transport;
import io.mcpedge.server.time.Scheduler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificate files renewed in place the way a Kubernetes Secret volume does it (a new {@code
 * ..2026_x} directory, then an atomic swap of the {@code ..data} symlink that {@code tls.crt} and
 * {@code tls.key} point through) while a connection stays open: the open connection keeps its
 * certificate and keeps working, new handshakes get the new one, and a broken renewal keeps the old
 * one and shows on the admin listener.
 */
@Timeout(60)
class CertificateRotationIT {

  private static final String TOKEN = "rotation-token";

  @TempDir Path dir;
  private NettyOrigin origin;
  private EdgeServer edge;

  @AfterEach
  void stop() {
    if (edge != null) {
      edge.close();
    }
    if (origin != null) {
      origin.close();
    }
  }

  /** Writes a new generation of the Secret and swaps {@code ..data} to it atomically. */
  private void publish(Path secret, String generation, byte[] crt, byte[] key) throws Exception {
    Path gen = Files.createDirectories(secret.resolve("..2026_" + generation));
    Files.write(gen.resolve("tls.crt"), crt);
    Files.write(gen.resolve("tls.key"), key);
    Path tmp = secret.resolve("..data_tmp");
    Files.deleteIfExists(tmp);
    Files.createSymbolicLink(tmp, gen.getFileName());
    Files.move(tmp, secret.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
  }

  private void startEdge(String provider, Path secret) throws Exception {
    origin = NettyOrigin.http1();
    String yaml =
        "listeners:\n"
            + "  - {name: https, address: 127.0.0.1:0, tls: {certFile: "
            + secret.resolve("tls.crt")
            + ", keyFile: "
            + secret.resolve("tls.key")
            + ", provider: "
            + provider
            + ", watchInterval: 100ms}}\n"
            + "admin: {address: 127.0.0.1:0, token: "
            + TOKEN
            + "}\n"
            + "upstreams: [{name: origin, endpoints: [\"http://127.0.0.1:"
            + origin.port()
            + "\"]}]\n"
            + "routes: [{name: default, upstream: origin}]\n";
    edge =
        new EdgeServer(
            ConfigLoader.parse(yaml, "rotation.yaml", Map.of()),
            Transport.select(true),
            Scheduler.system());
    edge.start();
  }

  private X509Certificate newHandshakeLeaf(TestPki pki) throws Exception {
    try (TlsClient c =
        new TlsClient(
            TestPki.clientContext(pki.caCert(), null),
            edge.listenerAddress("https").getPort(),
            "a.test")) {
      return c.peerLeaf();
    }
  }

  private HttpResponse<String> tlsStatus(String token) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + edge.adminAddress().getPort() + "/tls"))
            .timeout(Duration.ofSeconds(10));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void openSslRotation() throws Exception {
    rotatesWhileAConnectionStaysOpen("openssl");
  }

  @Test
  void jdkRotation() throws Exception {
    rotatesWhileAConnectionStaysOpen("jdk");
  }

  private void rotatesWhileAConnectionStaysOpen(String provider) throws Exception {
    TestPki pki = new TestPki(dir, "ca");
    Path[] first = pki.server("first", false, "a.test");
    Path[] second = pki.server("second", true, "a.test");
    Path[] third = pki.server("third", false, "a.test");
    Path secret = Files.createDirectories(dir.resolve("secret"));
    publish(secret, "a", Files.readAllBytes(first[0]), Files.readAllBytes(first[1]));
    Files.createSymbolicLink(secret.resolve("tls.crt"), Path.of("..data", "tls.crt"));
    Files.createSymbolicLink(secret.resolve("tls.key"), Path.of("..data", "tls.key"));
    startEdge(provider, secret);

    try (TlsClient open =
        new TlsClient(
            TestPki.clientContext(pki.caCert(), null),
            edge.listenerAddress("https").getPort(),
            "a.test")) {
      assertThat(open.get("/echo").status()).isEqualTo(200);
      assertThat(open.peerLeaf()).isEqualTo(TestPki.leaf(first[0]));

      publish(secret, "b", Files.readAllBytes(second[0]), Files.readAllBytes(second[1]));
      X509Certificate renewed = TestPki.leaf(second[0]);
      await().atMost(Duration.ofSeconds(20)).until(() -> newHandshakeLeaf(pki).equals(renewed));
      assertThat(open.get("/echo").status()).isEqualTo(200);
      assertThat(open.peerLeaf()).isEqualTo(TestPki.leaf(first[0]));
      assertThat(tlsStatus(TOKEN).body()).contains("\"reloads\":1,\"lastError\":null");

      // Half a renewal: the new certificate with the old key. It must not replace a working pair.
      publish(secret, "c", Files.readAllBytes(third[0]), Files.readAllBytes(second[1]));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> tlsStatus(TOKEN).body().contains("does not match the certificate"));
      assertThat(newHandshakeLeaf(pki)).isEqualTo(renewed);

      // A truncated certificate file.
      byte[] crt = Files.readAllBytes(third[0]);
      publish(
          secret, "d", java.util.Arrays.copyOf(crt, crt.length / 2), Files.readAllBytes(third[1]));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> !tlsStatus(TOKEN).body().contains("does not match the certificate"));
      assertThat(tlsStatus(TOKEN).body()).contains("\"reloads\":1,\"lastError\":\"");
      assertThat(newHandshakeLeaf(pki)).isEqualTo(renewed);

      // The renewal completed: the third pair loads.
      publish(secret, "e", Files.readAllBytes(third[0]), Files.readAllBytes(third[1]));
      X509Certificate last = TestPki.leaf(third[0]);
      await().atMost(Duration.ofSeconds(20)).until(() -> newHandshakeLeaf(pki).equals(last));
      assertThat(tlsStatus(TOKEN).body()).contains("\"reloads\":2,\"lastError\":null");
      assertThat(open.get("/echo").status()).isEqualTo(200);
    }
    assertThat(tlsStatus(null).statusCode()).isEqualTo(401);
    assertThat(tlsStatus("wrong").statusCode()).isEqualTo(401);
  }
}
