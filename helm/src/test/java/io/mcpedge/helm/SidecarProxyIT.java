package io.mcpedge.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proxy jar serving the edge.yaml the chart renders for the sidecar example, in front of a
 * loopback origin standing for the gateway on 127.0.0.1: only the listen addresses and the
 * gateway's port are overridden (loopback and free ports), as --set would.
 */
@Timeout(150)
class SidecarProxyIT {

  @Test
  void theRenderedSidecarConfigProxiesAndCachesPerCredential(@TempDir Path dir) throws Exception {
    AtomicInteger toolsRequests = new AtomicInteger();
    HttpServer gateway =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    gateway.createContext(
        "/tools",
        exchange -> {
          toolsRequests.incrementAndGet();
          byte[] body = "[{\"name\":\"echo\"}]".getBytes(StandardCharsets.UTF_8);
          // What the gateway sends on API reads: the sidecar config's per-credential override
          // caches them anyway, keyed on the credential.
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.getResponseHeaders().add("Cache-Control", "no-store, private");
          exchange.getResponseHeaders().add("Vary", "Authorization");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    gateway.start();
    int http = freePort();
    int admin = freePort();
    Rendered r =
        Chart.render(
            Chart.EXAMPLES.resolve("sidecar.yaml"),
            Map.of(
                "edge.bindAddress", "127.0.0.1",
                "edge.ports.http", String.valueOf(http),
                "edge.ports.admin", String.valueOf(admin),
                "edge.upstream.port", String.valueOf(gateway.getAddress().getPort())));
    Path config = dir.resolve("edge.yaml");
    Files.writeString(config, r.edgeYaml());
    Path log = dir.resolve("proxy.log");
    Process proxy =
        ProxyJar.start(
            512L << 20,
            Map.of("JDK_JAVA_OPTIONS", "-XX:MaxRAMPercentage=75"),
            log,
            "--config",
            config.toString());
    try {
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      URI ready = URI.create("http://127.0.0.1:" + admin + "/ready");
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(() -> !proxy.isAlive() || get(client, ready, null).statusCode() == 200);
      assertThat(proxy.isAlive()).as(Files.readString(log)).isTrue();

      URI tools = URI.create("http://127.0.0.1:" + http + "/tools");
      HttpResponse<String> first = get(client, tools, "Bearer alice");
      assertThat(first.statusCode()).as(Files.readString(log)).isEqualTo(200);
      assertThat(first.body()).isEqualTo("[{\"name\":\"echo\"}]");
      assertThat(first.headers().firstValue("x-cache")).hasValue("MISS");
      HttpResponse<String> again = get(client, tools, "Bearer alice");
      assertThat(again.headers().firstValue("x-cache")).hasValue("HIT");
      HttpResponse<String> bob = get(client, tools, "Bearer bob");
      assertThat(bob.headers().firstValue("x-cache")).hasValue("MISS");
      assertThat(toolsRequests.get()).isEqualTo(2);

      // The route the chart denies at the edge never reaches the gateway.
      assertThat(
              get(client, URI.create("http://127.0.0.1:" + http + "/_internal/x"), null)
                  .statusCode())
          .isEqualTo(403);

      proxy.destroy(); // SIGTERM, as the kubelet sends after preStop
      assertThat(proxy.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(proxy.exitValue()).as(Files.readString(log)).isZero();
    } finally {
      proxy.destroyForcibly();
      proxy.waitFor(10, TimeUnit.SECONDS);
      gateway.stop(0);
    }
  }

  private static HttpResponse<String> get(HttpClient client, URI uri, String authorization)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
