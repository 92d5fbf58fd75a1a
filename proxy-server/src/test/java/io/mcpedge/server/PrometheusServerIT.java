package io.mcpedge.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.mcpedge.core.policy.breaker.BreakerState;
import io.mcpedge.server.testsupport.Origins;
import io.mcpedge.server.testsupport.TestEdge;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real Prometheus server (the Debian package's binary) on loopback scrapes the proxy's admin
 * listener every second, while real traffic goes through the proxy: a cache miss and a hit, two
 * {@code 429}s, a breaker that opens and refuses, an endpoint that is ejected. Prometheus's query
 * API must then return each series with the value the traffic implies, and {@code promtool check
 * metrics} must accept the whole exposition. Without the binary the test is skipped, except on CI.
 */
@Timeout(120)
class PrometheusServerIT {

  static final String PROMETHEUS = "prometheus";

  static WireMockServer origin;
  static WireMockServer healthyPod;
  static TestEdge edge;
  static Process prometheus;
  static Path dataDir;
  static URI api;
  static final HttpClient http = Clients.http1();
  static final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    boolean present = MetricsIT.onPath(PROMETHEUS);
    if ("true".equals(System.getenv("CI"))) {
      assertThat(present).as("prometheus on PATH (scripts/install-test-deps.sh)").isTrue();
    }
    Assumptions.assumeTrue(
        present, "the prometheus binary is not installed (scripts/install-test-deps.sh)");
    origin = Origins.start();
    healthyPod = Origins.start();
    origin.stubFor(
        any(urlPathMatching("/(cached|limited)/.*"))
            .willReturn(aResponse().withBody("from origin")));
    origin.stubFor(any(urlPathEqualTo("/flaky")).willReturn(aResponse().withStatus(500)));
    origin.stubFor(any(urlPathEqualTo("/pods")).willReturn(aResponse().withStatus(500)));
    healthyPod.stubFor(any(urlPathEqualTo("/pods")).willReturn(aResponse().withBody("healthy")));
    edge =
        TestEdge.startOneLoop(
            "upstreams:\n"
                + "  - name: origin\n"
                + "    endpoints: [\""
                + Origins.endpoint(origin)
                + "\"]\n"
                + "  - name: flaky\n"
                + "    endpoints: [\""
                + Origins.endpoint(origin)
                + "\"]\n"
                + "    circuitBreaker:\n"
                + "      failure: { failureRatePercent: 50, slidingWindow: 2, minimumCalls: 2,"
                + " openFor: 10s, halfOpenProbes: 1 }\n"
                + "  - name: pods\n"
                + "    endpoints: [\""
                + Origins.endpoint(origin)
                + "\", \""
                + Origins.endpoint(healthyPod)
                + "\"]\n"
                + "    outlierDetection: { consecutive5xx: 2, baseEjectionTime: 30s,"
                + " maxEjectionPercent: 50 }\n"
                + "routes:\n"
                + "  - name: cached\n"
                + "    match: { path: { type: PathPrefix, value: /cached } }\n"
                + "    upstream: origin\n"
                + "    cache: { mode: override, ttl: 5m, scope: public }\n"
                + "  - name: limited\n"
                + "    match: { path: { type: PathPrefix, value: /limited } }\n"
                + "    upstream: origin\n"
                + "    rateLimit: { requestsPerSecond: 1, burst: 2 }\n"
                + "  - name: flaky\n"
                + "    match: { path: { type: PathPrefix, value: /flaky } }\n"
                + "    upstream: flaky\n"
                + "  - name: pods\n"
                + "    match: { path: { type: PathPrefix, value: /pods } }\n"
                + "    upstream: pods\n");
    startPrometheus(edge.server().adminAddress().getPort());
  }

  static void startPrometheus(int adminPort) throws Exception {
    dataDir = Files.createTempDirectory("prometheus-it");
    Path config = dataDir.resolve("prometheus.yml");
    Files.writeString(
        config,
        "global:\n"
            + "  scrape_interval: 1s\n"
            + "  scrape_timeout: 900ms\n"
            + "scrape_configs:\n"
            + "  - job_name: edge\n"
            + "    metrics_path: /stats/prometheus\n"
            + "    static_configs:\n"
            + "      - targets: ['127.0.0.1:"
            + adminPort
            + "']\n");
    int port = freePort();
    prometheus =
        new ProcessBuilder(
                PROMETHEUS,
                "--config.file=" + config,
                "--storage.tsdb.path=" + dataDir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
            .redirectErrorStream(true)
            .redirectOutput(dataDir.resolve("prometheus.log").toFile())
            .start();
    api = URI.create("http://127.0.0.1:" + port);
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(() -> get(api.resolve("/-/ready")).statusCode() == 200);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (prometheus != null) {
      prometheus.destroy();
      if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    if (edge != null) {
      edge.close();
    }
    if (origin != null) {
      origin.stop();
    }
    if (healthyPod != null) {
      healthyPod.stop();
    }
    if (dataDir != null) {
      try (Stream<Path> files = Files.walk(dataDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void prometheusSeesTheHitTheMissThe429sTheOpenBreakerAndTheEjection() throws Exception {
    // A miss stores the answer, the same request is then a hit.
    assertThat(edge.get("/cached/a").headers().firstValue("x-cache")).hasValue("MISS");
    assertThat(edge.get("/cached/a").headers().firstValue("x-cache")).hasValue("HIT");
    // A burst of 2 and no refill (the proxy's clock stands still): the 3rd and 4th are refused.
    for (int i = 0; i < 4; i++) {
      assertThat(edge.get("/limited/x").statusCode()).isEqualTo(i < 2 ? 200 : 429);
    }
    // Two 500s of two calls open the breaker; the next request is refused without the origin.
    assertThat(edge.get("/flaky").statusCode()).isEqualTo(500);
    assertThat(edge.get("/flaky").statusCode()).isEqualTo(500);
    assertThat(edge.server().upstreamPolicy("flaky").breaker().state())
        .isEqualTo(BreakerState.OPEN);
    assertThat(edge.get("/flaky").statusCode()).isEqualTo(503);
    // Round robin over two pods: the failing one's second 500 in a row ejects it.
    for (int i = 0; i < 4; i++) {
      edge.get("/pods");
    }
    assertThat(edge.server().upstreamPolicy("pods").outlierDetector().ejectedCount()).isOne();
    for (int i = 0; i < 3; i++) {
      assertThat(edge.get("/pods").body()).isEqualTo("healthy");
    }

    // What Prometheus scraped once the traffic is over.
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              assertThat(value("edge_cache_requests_total{route=\"cached\",result=\"hit\"}"))
                  .isEqualTo(1);
              assertThat(value("edge_cache_requests_total{route=\"cached\",result=\"miss\"}"))
                  .isEqualTo(1);
              assertThat(value("edge_ratelimit_rejections_total{route=\"limited\",key=\"route\"}"))
                  .isEqualTo(2);
              assertThat(value("edge_breaker_state{upstream=\"flaky\",state=\"open\"}"))
                  .isEqualTo(1);
              assertThat(value("edge_breaker_transitions_total{upstream=\"flaky\",state=\"open\"}"))
                  .isEqualTo(1);
              assertThat(value("edge_outlier_ejections_total{upstream=\"pods\"}")).isEqualTo(1);
            });
    assertThat(value("up{job=\"edge\"}")).isEqualTo(1);
    assertThat(value("edge_cache_requests_total{route=\"cached\",result=\"pass\"}")).isZero();
    assertThat(value("edge_cache_stores_total")).isEqualTo(1);
    assertThat(value("edge_cache_entries")).isEqualTo(1);
    assertThat(value("edge_cache_stored_bytes")).isPositive();
    assertThat(value("edge_breaker_state{upstream=\"flaky\",state=\"closed\"}")).isZero();
    assertThat(value("edge_policy_rejections_total{route=\"flaky\",reason=\"breaker_open\"}"))
        .isEqualTo(1);
    assertThat(value("edge_upstream_failures_total{upstream=\"flaky\",kind=\"5xx\"}")).isEqualTo(2);
    assertThat(value("edge_upstream_attempts_total{upstream=\"flaky\"}")).isEqualTo(2);
    assertThat(value("edge_upstream_endpoints{upstream=\"pods\",state=\"known\"}")).isEqualTo(2);
    assertThat(value("edge_upstream_endpoints{upstream=\"pods\",state=\"ejected\"}")).isEqualTo(1);
    assertThat(value("edge_upstream_failures_total{upstream=\"pods\",kind=\"5xx\"}")).isEqualTo(2);
    assertThat(
            value(
                "sum(http_client_request_duration_seconds_count{upstream=\"pods\",outcome=\"2xx\"})"))
        .isEqualTo(5);
    assertThat(
            value(
                "sum(http_server_request_duration_seconds_count{route=\"limited\","
                    + "status_class=\"4xx\"})"))
        .isEqualTo(2);
    assertThat(value("sum(edge_downstream_io_bytes_total{network_io_direction=\"receive\"})"))
        .isPositive();
    assertThat(value("sum(edge_downstream_io_bytes_total{network_io_direction=\"transmit\"})"))
        .isPositive();

    // The whole exposition after this traffic passes promtool.
    HttpResponse<String> scrape = get(proxyAdmin("/metrics"));
    assertThat(scrape.statusCode()).isEqualTo(200);
    MetricsIT.promtoolAccepts(scrape.body());
  }

  static URI proxyAdmin(String path) {
    return URI.create("http://127.0.0.1:" + edge.server().adminAddress().getPort() + path);
  }

  /**
   * The value of an instant query that must return exactly one sample; fails when it returns none
   * (the series was never scraped) or several.
   */
  static double value(String promql) throws Exception {
    HttpResponse<String> r =
        get(
            api.resolve(
                "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode result = json.readTree(r.body()).path("data").path("result");
    assertThat(result.size()).as("%s -> %s", promql, r.body()).isEqualTo(1);
    return Double.parseDouble(result.get(0).path("value").get(1).asText());
  }

  static HttpResponse<String> get(URI uri) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
