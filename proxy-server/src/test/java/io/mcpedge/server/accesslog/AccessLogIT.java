package io.mcpedge.server.accesslog;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
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
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real traffic through the proxy (a cache miss and hit, a 429, a retried 503, requests built to
 * smuggle credentials into the log), each logged line parsed as JSON. The proxy runs on the system
 * clock, so that durations are real.
 */
@Timeout(60)
class AccessLogIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "S3CR3T-value";

  @TempDir Path dir;
  private WireMockServer origin;
  private EdgeServer edge;
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private Path start(String accessLog) throws Exception {
    return start(accessLog, dir.resolve("access.log"));
  }

  private Path start(String accessLog, Path log) throws Exception {
    origin = Origins.start();
    origin.stubFor(any(anyUrl()).willReturn(aResponse().withBody("hello")));
    String yaml =
        "listeners:\n  - name: http\n    address: 127.0.0.1:0\n"
            + "admin:\n  address: 127.0.0.1:0\n"
            + "server:\n  ioThreads: 2\n"
            + "cache:\n  credentialHeader: X-Api-Key\n"
            + "upstreams:\n  - name: origin\n    endpoints: [\""
            + Origins.endpoint(origin)
            + "\"]\n"
            + "    retry: { numRetries: 2, retryOn: [5xx], backoffBase: 1ms }\n"
            + "routes:\n"
            + "  - name: static\n"
            + "    match: { path: { type: PathPrefix, value: /static } }\n"
            + "    upstream: origin\n"
            + "    cache: { mode: override, ttl: 1h, scope: public }\n"
            + "  - name: limited\n"
            + "    match: { path: { type: PathPrefix, value: /limited } }\n"
            + "    upstream: origin\n"
            + "    rateLimit: { requestsPerSecond: 1, burst: 1 }\n"
            + "  - name: api\n    upstream: origin\n"
            + "observability:\n  accessLog:\n    path: \""
            + log
            + "\"\n"
            + accessLog;
    edge =
        new EdgeServer(
            ConfigLoader.parse(yaml, "test.yaml", Map.of()),
            Transport.select(true),
            Scheduler.system());
    edge.start();
    return log;
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

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + edge.listenerAddress("http").getPort() + path);
  }

  private HttpResponse<String> fetch(String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private List<JsonNode> awaitLines(Path log, int n) throws IOException {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> Files.exists(log) && Files.readAllLines(log).size() >= n);
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      out.add(JSON.readTree(line));
    }
    assertThat(out).hasSize(n);
    return out;
  }

  /** Sends raw bytes (header names exactly as written) and reads until the proxy closes. */
  private String raw(String request) throws IOException {
    int port = edge.listenerAddress("http").getPort();
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void everyExchangeIsOneJsonLineWithItsFields() throws Exception {
    Path log = start("");
    origin.stubFor(
        get(urlPathEqualTo("/busy"))
            .inScenario("busy")
            .whenScenarioStateIs(STARTED)
            .willReturn(aResponse().withStatus(503).withBody("busy"))
            .willSetStateTo("ok"));
    origin.stubFor(
        get(urlPathEqualTo("/busy"))
            .inScenario("busy")
            .whenScenarioStateIs("ok")
            .willReturn(aResponse().withBody("second try")));
    Instant before = Instant.now().minusSeconds(1);
    assertThat(fetch("/static/app.js").statusCode()).isEqualTo(200); // miss
    assertThat(fetch("/static/app.js").statusCode()).isEqualTo(200); // hit
    assertThat(fetch("/limited/a").statusCode()).isEqualTo(200);
    assertThat(fetch("/limited/a").statusCode()).isEqualTo(429);
    assertThat(fetch("/busy?q=1").statusCode()).isEqualTo(200);
    HttpResponse<String> post =
        client.send(
            HttpRequest.newBuilder(uri("/rpc"))
                .POST(HttpRequest.BodyPublishers.ofString("0123456789"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(200);

    List<JsonNode> lines = awaitLines(log, 6);
    for (JsonNode l : lines) {
      Instant t = Instant.parse(l.get("time").asText());
      assertThat(t).isBetween(before, Instant.now().plusSeconds(1));
      assertThat(l.get("time").asText())
          .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
      assertThat(l.get("client").asText()).isEqualTo("127.0.0.1");
      assertThat(l.get("protocol").asText()).isEqualTo("HTTP/1.1");
      assertThat(l.get("durationMs").asDouble()).isPositive();
      assertThat(l.get("connection").asText()).isNotEmpty();
    }
    JsonNode miss = lines.get(0);
    assertThat(miss.get("route").asText()).isEqualTo("static");
    assertThat(miss.get("method").asText()).isEqualTo("GET");
    assertThat(miss.get("path").asText()).isEqualTo("/static/app.js");
    assertThat(miss.get("status").asInt()).isEqualTo(200);
    assertThat(miss.get("bytesOut").asLong()).isEqualTo(5);
    assertThat(miss.get("attempts").asInt()).isEqualTo(1);
    assertThat(miss.get("upstream").asText()).isEqualTo(Origins.endpoint(origin).substring(7));
    assertThat(miss.get("upstreamHeadMs").asDouble())
        .isPositive()
        .isLessThanOrEqualTo(miss.get("durationMs").asDouble());

    JsonNode hit = lines.get(1);
    assertThat(hit.get("status").asInt()).isEqualTo(200);
    assertThat(hit.get("bytesOut").asLong()).isEqualTo(5);
    assertThat(hit.get("attempts").asInt()).as("a hit goes nowhere").isZero();
    assertThat(hit.get("upstream").isNull()).isTrue();
    assertThat(hit.get("upstreamHeadMs").isNull()).isTrue();

    JsonNode limited = lines.get(3);
    assertThat(limited.get("route").asText()).isEqualTo("limited");
    assertThat(limited.get("status").asInt()).isEqualTo(429);
    assertThat(limited.get("attempts").asInt()).isZero();
    assertThat(limited.get("bytesOut").asLong()).isPositive();

    JsonNode retried = lines.get(4);
    assertThat(retried.get("route").asText()).isEqualTo("api");
    assertThat(retried.get("path").asText()).isEqualTo("/busy?q=1");
    assertThat(retried.get("status").asInt()).isEqualTo(200);
    assertThat(retried.get("attempts").asInt()).isEqualTo(2);
    assertThat(retried.get("bytesOut").asLong()).isEqualTo("second try".length());

    JsonNode posted = lines.get(5);
    assertThat(posted.get("method").asText()).isEqualTo("POST");
    assertThat(posted.get("bytesIn").asLong()).isEqualTo(10);
  }

  /**
   * The cache's verdict and the policy's refusal are recorded by the metrics filters and the trace
   * id by the tracing stage: enabled once those fill the {@code ExchangeRecord}.
   */
  @Test
  void cacheResultRejectionAndTraceIdAreLogged() throws Exception {
    Path log = start("");
    fetch("/static/app.js");
    fetch("/static/app.js");
    fetch("/limited/a");
    fetch("/limited/a");
    List<JsonNode> lines = awaitLines(log, 4);
    assertThat(lines.get(0).get("cache").asText()).isEqualTo("miss");
    assertThat(lines.get(1).get("cache").asText()).isEqualTo("hit");
    assertThat(lines.get(3).get("rejection").asText()).isEqualTo("rate_limited");
    assertThat(lines.get(2).get("rejection").isNull()).isTrue();
  }

  @Test
  void credentialsNeverReachTheLogEvenWhenSmuggled() throws Exception {
    Path log = start("");
    String answer =
        raw(
            "GET /x?token="
                + SECRET
                + "&access_token="
                + SECRET
                + "&ToKeN="
                + SECRET
                + "&%74oken="
                + SECRET
                + "&keep=1 HTTP/1.1\r\n"
                + "Host: edge\r\n"
                + "aUtHoRiZaTiOn: Bearer "
                + SECRET
                + "\r\n"
                + "Cookie: jwt_token="
                + SECRET
                + "; access_token="
                + SECRET
                + "\r\n"
                + "x-API-kEY: "
                + SECRET
                + "\r\n"
                + "Proxy-Authorization: Basic "
                + SECRET
                + "\r\n"
                + "Connection: close\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.1 200");
    List<JsonNode> lines = awaitLines(log, 1);
    assertThat(Files.readString(log)).doesNotContain(SECRET);
    assertThat(lines.get(0).get("path").asText())
        .isEqualTo(
            "/x?token=REDACTED&access_token=REDACTED&ToKeN=REDACTED&%74oken=REDACTED&keep=1");
    // The origin did get them: the proxy forwards credentials, it only keeps them out of its log.
    assertThat(origin.getAllServeEvents().get(0).getRequest().getHeader("Authorization"))
        .contains(SECRET);
  }

  @Test
  void anOutputThatNobodyReadsNeverStallsTraffic() throws Exception {
    // A FIFO without a reader: opening it for writing blocks, as a hung disk or log shipper would.
    Path fifo = dir.resolve("access.fifo");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertThat(mkfifo.waitFor()).isZero();
    start("", fifo);
    long t0 = System.nanoTime();
    for (int i = 0; i < 200; i++) {
      assertThat(fetch("/flowing/" + i).statusCode()).isEqualTo(200);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
    assertThat(edge.accessLog().written()).as("the writer is stuck opening the FIFO").isZero();
    // A reader arrives: the queued lines come out, in order, none lost.
    List<String> read = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(fifo)) {
      String line;
      while (read.size() < 200 && (line = in.readLine()) != null) {
        read.add(line);
      }
    }
    assertThat(read).hasSize(200);
    assertThat(JSON.readTree(read.get(199)).get("path").asText()).isEqualTo("/flowing/199");
    assertThat(edge.accessLog().dropped()).isZero();
    assertThat(edge.meterRegistry().get(AccessLog.DROPPED).functionCounter().count()).isZero();
    assertThat(edge.meterRegistry().scrape())
        .contains("mcp_edge_access_log_dropped_lines_total 0.0");
  }

  @Test
  void http2StreamsAreLoggedWithTheirProtocolAndStream() throws Exception {
    Path log = start("");
    HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    for (int i = 0; i < 2; i++) {
      HttpResponse<String> res =
          h2.send(
              HttpRequest.newBuilder(uri("/h2/" + i)).timeout(Duration.ofSeconds(20)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(res.statusCode()).isEqualTo(200);
      assertThat(res.version()).isEqualTo(HttpClient.Version.HTTP_2);
    }
    JsonNode last = awaitLines(log, 2).get(1);
    assertThat(last.get("protocol").asText()).isEqualTo("HTTP/2");
    assertThat(last.get("connection").asText()).contains("/");
    assertThat(last.get("path").asText()).isEqualTo("/h2/1");
    assertThat(last.get("bytesOut").asLong()).isEqualTo(5);
  }

  @Test
  void closingTheServerWritesTheLinesItsLoopsHold() throws Exception {
    Path log = start("");
    for (int i = 0; i < 20; i++) {
      assertThat(fetch("/last/" + i).statusCode()).isEqualTo(200);
    }
    // The event loops stop before the log closes; what they hold must still come out.
    edge.close();
    edge = null;
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(20);
    assertThat(JSON.readTree(lines.get(19)).get("path").asText()).isEqualTo("/last/19");
  }

  @Test
  void aRatioOfZeroLogsNothing() throws Exception {
    Path log = start("    samplingRatio: 0\n");
    for (int i = 0; i < 5; i++) {
      assertThat(fetch("/x").statusCode()).isEqualTo(200);
    }
    // Nothing to await for an absence: a line written after these would follow the 5 above.
    assertThat(edge.accessLog().written()).isZero();
    assertThat(edge.accessLog().dropped()).isZero();
    assertThat(Files.exists(log) ? Files.readAllLines(log) : List.of()).isEmpty();
  }

  @Test
  void offMeansNoAccessLogAtAll() throws Exception {
    Path log = start("    enabled: false\n");
    assertThat(fetch("/x").statusCode()).isEqualTo(200);
    assertThat(edge.accessLog()).isNull();
    assertThat(Files.exists(log)).isFalse();
  }
}
