package io.mcpedge.server.admin;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.mcpedge.core.config.ConfigLoader;
import io.mcpedge.server.EdgeServer;
import io.mcpedge.server.channel.Transport;
import io.mcpedge.server.testsupport.Origins;
import io.mcpedge.server.time.Scheduler;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The admin listener of a real proxy: {@code /upstreams} and {@code /config} behind the token, and
 * the request-head and idle timeouts that a raw socket runs into.
 */
@Timeout(60)
class AdminIT {

  private static final String TOKEN = "adm1n-t0ken";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private WireMockServer origin;
  private EdgeServer edge;

  private void start(String admin, String server) throws Exception {
    origin = Origins.start();
    origin.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(503).withBody("down")));
    String yaml =
        "listeners:\n  - name: http\n    address: 127.0.0.1:0\n"
            + "admin:\n  address: 127.0.0.1:0\n"
            + admin
            + "server:\n  ioThreads: 1\n"
            + server
            + "upstreams:\n  - name: gw\n    endpoints: [\""
            + Origins.endpoint(origin)
            + "\", \"http://127.0.0.1:1\"]\n"
            + "    loadBalancer: { policy: roundRobin }\n"
            + "    outlierDetection: { consecutive5xx: 1, maxEjectionPercent: 50 }\n"
            + "    circuitBreaker: { failure: { failureRatePercent: 90, slidingWindow: 100,"
            + " minimumCalls: 100 } }\n"
            + "routes:\n  - name: api\n    upstream: gw\n"
            + "    match: { headers: [ { name: X-Tenant, value: tenant-secret } ] }\n"
            + "  - name: rest\n    upstream: gw\n";
    edge =
        new EdgeServer(
            ConfigLoader.parse(yaml, "test.yaml", Map.of()),
            Transport.select(true),
            Scheduler.system());
    edge.start();
  }

  @AfterEach
  void stop() {
    if (edge != null) {
      edge.close();
    }
    if (origin != null) {
      origin.stop();
    }
  }

  private HttpResponse<String> admin(String path, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + edge.adminAddress().getPort() + path))
            .timeout(Duration.ofSeconds(10));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void upstreamsShowEndpointsEjectionsBreakerAndPool() throws Exception {
    start("  token: " + TOKEN + "\n", "");
    URI data = URI.create("http://127.0.0.1:" + edge.listenerAddress("http").getPort() + "/x");
    // The origin answers 503: one 5xx ejects it (consecutive5xx: 1).
    assertThat(
            client
                .send(
                    HttpRequest.newBuilder(data).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isIn(502, 503);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> edge.upstreamPolicy("gw").outlierDetector().ejectedCount() == 1);

    HttpResponse<String> res = admin("/upstreams", "Authorization", "Bearer " + TOKEN);
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.headers().firstValue("content-type")).hasValue("application/json");
    JsonNode gw = JSON.readTree(res.body()).at("/upstreams/0");
    assertThat(gw.get("name").asText()).isEqualTo("gw");
    assertThat(gw.get("protocol").asText()).isEqualTo("http/1.1");
    assertThat(gw.get("breaker").asText()).isEqualTo("closed");
    assertThat(gw.get("endpointCount").asInt()).isEqualTo(2);
    assertThat(gw.get("ejectedCount").asInt()).isEqualTo(1);
    assertThat(gw.get("endpointsTruncated").asBoolean()).isFalse();
    assertThat(gw.at("/pool/connections/max").asInt()).isPositive();
    assertThat(gw.at("/pool/requests/current").asInt()).isZero();
    assertThat(gw.at("/pool/pendingRequests/max").asInt()).isPositive();
    JsonNode eps = gw.get("endpoints");
    assertThat(eps).hasSize(2);
    int ejected = 0;
    for (JsonNode ep : eps) {
      assertThat(ep.get("address").asText()).startsWith("127.0.0.1:");
      assertThat(ep.get("configured").asText()).startsWith("http://127.0.0.1:");
      assertThat(ep.get("inFlight").asInt()).isZero();
      assertThat(ep.get("breaker").isNull()).as("one breaker for the upstream").isTrue();
      ejected += ep.get("ejected").asBoolean() ? 1 : 0;
    }
    assertThat(ejected).isEqualTo(1);
  }

  @Test
  void configIsServedWithItsSecretsMasked() throws Exception {
    start("  token: " + TOKEN + "\n", "");
    HttpResponse<String> res = admin("/config", "Authorization", "Bearer " + TOKEN);
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.body()).doesNotContain(TOKEN).doesNotContain("tenant-secret");
    JsonNode n = JSON.readTree(res.body());
    assertThat(n.at("/admin/token").asText()).isEqualTo("REDACTED");
    assertThat(n.at("/routes/0/match/headers/0/name").asText()).isEqualTo("X-Tenant");
    assertThat(n.at("/upstreams/0/name").asText()).isEqualTo("gw");
  }

  @Test
  void everyPageBeyondProbesAndMetricsNeedsTheToken() throws Exception {
    start("  token: " + TOKEN + "\n", "");
    for (String path : new String[] {"/upstreams", "/config", "/cache/stats"}) {
      assertThat(admin(path).statusCode()).as(path).isEqualTo(401);
      assertThat(admin(path, "Authorization", "Bearer x" + TOKEN).statusCode())
          .as(path)
          .isEqualTo(401);
      assertThat(admin(path, "Authorization", "Bearer " + TOKEN).statusCode())
          .as(path)
          .isEqualTo(200);
    }
    for (String path : new String[] {"/health", "/ready", "/metrics", "/stats/prometheus"}) {
      assertThat(admin(path).statusCode()).as(path).isEqualTo(200);
    }
  }

  @Test
  void withoutAConfiguredTokenThosePagesAre403() throws Exception {
    start("", "");
    for (String path : new String[] {"/upstreams", "/config", "/cache/stats"}) {
      HttpResponse<String> res = admin(path, "Authorization", "Bearer anything");
      assertThat(res.statusCode()).as(path).isEqualTo(403);
      assertThat(JSON.readTree(res.body()).get("error").asText())
          .contains("admin token is not configured");
    }
    assertThat(admin("/health").statusCode()).isEqualTo(200);
  }

  /** Reads until the proxy closes the connection; what it wrote before closing. */
  private static CompletableFuture<String> readToClose(Socket s) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (InputStream in = s.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
          } catch (IOException e) {
            return "reset: " + e;
          }
        });
  }

  @Test
  void anIncompleteHeadIsAnswered408AndClosedAfterTheHeadTimeout() throws Exception {
    start("  token: " + TOKEN + "\n", "  clientHeaderTimeout: 300ms\n");
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), edge.adminAddress().getPort())) {
      s.setSoTimeout(20_000);
      long t0 = System.nanoTime();
      s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: a\r\nX-Slow: ".getBytes());
      s.getOutputStream().flush();
      String answer = readToClose(s).get(15, TimeUnit.SECONDS);
      assertThat(answer).startsWith("HTTP/1.1 408");
      assertThat(Duration.ofNanos(System.nanoTime() - t0))
          .isGreaterThanOrEqualTo(Duration.ofMillis(250))
          .isLessThan(Duration.ofSeconds(10));
    }
  }

  @Test
  void aSilentConnectionIsClosedAfterTheIdleTimeout() throws Exception {
    start("  token: " + TOKEN + "\n  idleTimeout: 300ms\n", "  clientHeaderTimeout: 30s\n");
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), edge.adminAddress().getPort())) {
      s.setSoTimeout(20_000);
      long t0 = System.nanoTime();
      String answer = readToClose(s).get(15, TimeUnit.SECONDS);
      assertThat(answer).isEmpty();
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    }
  }
}
