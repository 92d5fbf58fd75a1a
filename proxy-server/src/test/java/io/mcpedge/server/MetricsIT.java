package io.mcpedge.server;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.mcpedge.core.config.EdgeConfig;
import io.mcpedge.core.config.MatchType;
import io.mcpedge.core.config.ObservabilityConfig;
import io.mcpedge.core.config.UpstreamProtocol;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The admin listener's Prometheus exposition in front of a real origin: the exchange counts per
 * route, method, status class and protocol, both paths and both formats, labels that never carry
 * what a client wrote, {@code promtool}'s verdict, and 404 with metrics off.
 */
@Timeout(60)
class MetricsIT {

  static final String SERIES = "http_server_request_duration_seconds_count";
  static final String SECRET_PATH = "secret-path-x7q";
  static final String SECRET_QUERY = "hidden-q9z";
  static final String SECRET_TOKEN = "tok-9f8e7d6c";
  static final String ODD_METHOD = "FROBNICATE";
  static final String ODD_HEADER = "value-zz4k";

  static WireMockServer origin;
  static ProxyUnderTest proxy;

  @BeforeAll
  static void start() throws Exception {
    origin =
        new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
    origin.start();
    origin.stubFor(any(anyUrl()).willReturn(ok("from origin")));
    proxy =
        new ProxyUnderTest(
            TestConfigs.config(
                List.of(
                    TestConfigs.upstream("wm", UpstreamProtocol.HTTP1, "127.0.0.1", origin.port())),
                List.of(TestConfigs.route("ok", MatchType.PATH_PREFIX, "/ok", "wm"))));
  }

  @AfterAll
  static void stop() {
    if (proxy != null) {
      proxy.close();
    }
    if (origin != null) {
      origin.stop();
    }
  }

  @Test
  void countsEveryExchangeOnceWithBoundedLabels() throws Exception {
    HttpClient h1 = Clients.http1();
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> r =
          h1.send(
              HttpRequest.newBuilder(proxy.uri("/ok/" + SECRET_PATH + "?q=" + SECRET_QUERY))
                  .header("Authorization", "Bearer " + SECRET_TOKEN)
                  .timeout(Duration.ofSeconds(20))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
    }
    for (int i = 0; i < 3; i++) {
      assertThat(Clients.get(h1, proxy.uri("/missing")).statusCode()).isEqualTo(404);
    }
    HttpResponse<String> odd =
        h1.send(
            HttpRequest.newBuilder(proxy.uri("/nowhere"))
                .method(ODD_METHOD, HttpRequest.BodyPublishers.noBody())
                .header("X-Odd", ODD_HEADER)
                .timeout(Duration.ofSeconds(20))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(odd.statusCode()).isEqualTo(404);
    HttpClient h2 = Clients.http2();
    for (int i = 0; i < 2; i++) {
      HttpResponse<String> r = Clients.get(h2, proxy.uri("/ok/h2"));
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
    }

    Map<String, Double> expected =
        Map.of(
            labels("ok", "GET", "2xx", "1.1"), 5.0,
            labels("none", "GET", "4xx", "1.1"), 3.0,
            labels("none", "_OTHER", "4xx", "1.1"), 1.0,
            labels("ok", "GET", "2xx", "2"), 2.0);
    // The count is recorded as the response ends, which the client may see a moment before.
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(counts(scrape("/metrics", null).body())).isEqualTo(expected));
    // Every exchange that started has ended: the in-flight gauges are back to zero.
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(scrape("/metrics", null).body())
                    .contains("http_server_active_requests{network_protocol_version=\"1.1\"} 0.0")
                    .contains("http_server_active_requests{network_protocol_version=\"2\"} 0.0")
                    .contains("edge_downstream_active_streams{stream=\"h2\"} 0.0"));
    // The connection handler saw the bytes of both protocols.
    var meters = proxy.server.meterRegistry();
    for (String version : new String[] {"1.1", "2"}) {
      for (String direction : new String[] {"receive", "transmit"}) {
        assertThat(
                meters
                    .get("edge.downstream.io")
                    .tag("network.protocol.version", version)
                    .tag("network.io.direction", direction)
                    .functionCounter()
                    .count())
            .as("%s bytes on %s", direction, version)
            .isPositive();
      }
    }

    HttpResponse<String> text = scrape("/metrics", null);
    assertThat(text.headers().firstValue("content-type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(text.body()).contains("jvm_memory_used_bytes", "process_uptime_seconds");
    assertThat(text.body())
        .as("no label carries a path, query, header or method a client wrote")
        .doesNotContain(SECRET_PATH, SECRET_QUERY, SECRET_TOKEN, ODD_METHOD, ODD_HEADER, "/ok");

    HttpResponse<String> envoyPath = scrape("/stats/prometheus", null);
    assertThat(envoyPath.headers().firstValue("content-type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(counts(envoyPath.body())).isEqualTo(expected);

    HttpResponse<String> open =
        scrape("/metrics", "application/openmetrics-text; version=1.0.0,text/plain;q=0.5");
    assertThat(open.headers().firstValue("content-type").orElseThrow())
        .startsWith("application/openmetrics-text");
    assertThat(open.body()).endsWith("# EOF\n");
    assertThat(counts(open.body())).isEqualTo(expected);

    promtoolAccepts(text.body());
  }

  @Test
  void withMetricsOffThePathsAre404() throws Exception {
    EdgeConfig on = TestConfigs.config(List.of(), List.of());
    EdgeConfig off =
        new EdgeConfig(
            on.listeners(),
            on.admin(),
            on.server(),
            on.cache(),
            on.upstreams(),
            on.routes(),
            new ObservabilityConfig(new ObservabilityConfig.MetricsConfig(false)));
    try (ProxyUnderTest p = new ProxyUnderTest(off)) {
      assertThat(p.server.meterRegistry()).isNull();
      HttpClient h1 = Clients.http1();
      assertThat(Clients.get(h1, p.adminUri("/metrics")).statusCode()).isEqualTo(404);
      assertThat(Clients.get(h1, p.adminUri("/stats/prometheus")).statusCode()).isEqualTo(404);
      assertThat(Clients.get(h1, p.adminUri("/health")).statusCode()).isEqualTo(200);
    }
  }

  static HttpResponse<String> scrape(String path, String accept) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(proxy.adminUri(path)).timeout(Duration.ofSeconds(20));
    if (accept != null) {
      b.header("Accept", accept);
    }
    HttpResponse<String> r = Clients.http1().send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r;
  }

  static String labels(String route, String method, String statusClass, String protocol) {
    return "http_request_method="
        + method
        + ",network_protocol_version="
        + protocol
        + ",route="
        + route
        + ",status_class="
        + statusClass;
  }

  private static final Pattern SAMPLE =
      Pattern.compile("^" + SERIES + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  /** The {@code _count} samples, keyed by their labels sorted by name ({@code k=v,...}). */
  static Map<String, Double> counts(String exposition) {
    Map<String, Double> out = new HashMap<>();
    Matcher m = SAMPLE.matcher(exposition);
    while (m.find()) {
      Map<String, String> labels = new java.util.TreeMap<>();
      Matcher l = LABEL.matcher(m.group(1));
      while (l.find()) {
        labels.put(l.group(1), l.group(2));
      }
      StringBuilder key = new StringBuilder();
      labels.forEach(
          (k, v) -> key.append(key.isEmpty() ? "" : ",").append(k).append('=').append(v));
      out.put(key.toString(), Double.parseDouble(m.group(2)));
    }
    return out;
  }

  /**
   * {@code promtool check metrics}: the exposition must parse; lint remarks are tolerated on the
   * JVM meters (their names are Micrometer's), never on the proxy's own. Required on CI.
   */
  static void promtoolAccepts(String exposition) throws IOException, InterruptedException {
    boolean present = onPath("promtool");
    if ("true".equals(System.getenv("CI"))) {
      assertThat(present).as("promtool on PATH (scripts/install-test-deps.sh)").isTrue();
    }
    Assumptions.assumeTrue(present, "promtool is not installed");
    Path file = Files.createTempFile("scrape", ".prom");
    try {
      Files.writeString(file, exposition, StandardCharsets.UTF_8);
      Process p =
          new ProcessBuilder("promtool", "check", "metrics")
              .redirectInput(file.toFile())
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      // 0: clean; 3: lint remarks only. Anything else means the text did not parse.
      assertThat(p.exitValue()).as(out).isIn(0, 3);
      assertThat(out)
          .as("lint remarks on the proxy's own meters")
          .doesNotContain("http_server", "http_client", "edge_");
    } finally {
      Files.deleteIfExists(file);
    }
  }

  static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
