package io.mcpedge.server.policy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.mcpedge.core.policy.retry.RetryBudget;
import io.mcpedge.server.testsupport.Origins;
import io.mcpedge.server.testsupport.ResettingOrigin;
import io.mcpedge.server.testsupport.TestEdge;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Retries through the proxy, counted at the origins. */
@Timeout(60)
class RetryIT {

  private WireMockServer origin;
  private ResettingOrigin resetting;
  private TestEdge edge;

  @BeforeEach
  void start() throws Exception {
    origin = Origins.start();
    resetting = new ResettingOrigin();
    edge =
        TestEdge.start(
            "upstreams:\n"
                + "  - name: origin\n    endpoints: [\""
                + Origins.endpoint(origin)
                + "\"]\n"
                + "    retry: { numRetries: 2, retryOn: [5xx, reset, connect-failure],"
                + " backoffBase: 1ms }\n"
                + "  - name: resetting\n    endpoints: [\""
                + resetting.endpoint()
                + "\"]\n"
                + "    retry: { numRetries: 2, backoffBase: 1ms }\n"
                + "routes:\n"
                + "  - name: mcp\n"
                + "    match: { path: { type: PathPrefix, value: /mcp } }\n"
                + "    upstream: resetting\n"
                + "  - name: outage\n"
                + "    match: { path: { type: PathPrefix, value: /outage } }\n"
                + "    upstream: origin\n"
                + "    retry: { numRetries: 2, backoffBase: 1ms, budgetPercent: 20,"
                + " minRetryConcurrency: 0 }\n"
                + "  - name: short\n"
                + "    match: { path: { type: PathPrefix, value: /short } }\n"
                + "    upstream: origin\n"
                + "    timeouts: { request: 4s }\n"
                + "  - name: api\n    upstream: origin\n");
  }

  @AfterEach
  void stop() throws Exception {
    edge.close();
    origin.stop();
    resetting.close();
  }

  private void failOnceThen(
      String path, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder first) {
    origin.stubFor(
        get(urlPathEqualTo(path))
            .inScenario(path)
            .whenScenarioStateIs(STARTED)
            .willReturn(first)
            .willSetStateTo("recovered"));
    origin.stubFor(
        get(urlPathEqualTo(path))
            .inScenario(path)
            .whenScenarioStateIs("recovered")
            .willReturn(aResponse().withBody("second try")));
  }

  @Test
  void aGetIsRetriedAfterAResetAndAfterA503() throws Exception {
    failOnceThen("/reset-once", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
    failOnceThen("/busy-once", aResponse().withStatus(503).withBody("busy ".repeat(2000)));

    HttpResponse<String> a = edge.get("/reset-once");
    assertThat(a.statusCode()).isEqualTo(200);
    assertThat(a.body()).isEqualTo("second try");
    assertThat(Origins.count(origin, "/reset-once")).isEqualTo(2);

    HttpResponse<String> b = edge.get("/busy-once");
    assertThat(b.statusCode()).isEqualTo(200);
    assertThat(b.body()).isEqualTo("second try");
    assertThat(Origins.count(origin, "/busy-once")).isEqualTo(2);
  }

  @Test
  void aRetried5xxIsAbandonedAtItsHeadNotReadToTheEndOfItsBody() throws Exception {
    // The 503's body trickles for 8 s, twice the route's request timeout: waiting for it before
    // retrying would answer 504.
    failOnceThen(
        "/short/trickle",
        aResponse().withStatus(503).withBody("x".repeat(8000)).withChunkedDribbleDelay(16, 8000));
    HttpResponse<String> res = edge.get("/short/trickle");
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.body()).isEqualTo("second try");
    assertThat(Origins.count(origin, "/short/trickle")).isEqualTo(2);
  }

  @Test
  void retriesStopAtNumRetriesAndTheLastAnswerIsPassedOn() throws Exception {
    origin.stubFor(
        get(urlPathEqualTo("/down")).willReturn(aResponse().withStatus(503).withBody("down")));
    HttpResponse<String> res = edge.get("/down");
    assertThat(res.statusCode()).isEqualTo(503);
    assertThat(res.body()).isEqualTo("down");
    assertThat(Origins.count(origin, "/down")).isEqualTo(3);
    var meters = edge.server().meterRegistry();
    assertThat(meters.get("edge.retries").tag("route", "api").functionCounter().count())
        .isEqualTo(2);
    assertThat(
            meters
                .get("edge.upstream.failures")
                .tag("upstream", "origin")
                .tag("kind", "5xx")
                .counter()
                .count())
        .isEqualTo(3);
  }

  @Test
  void aPostAnsweredWithA503IsNotRetried() throws Exception {
    origin.stubFor(any(urlPathEqualTo("/rpc")).willReturn(aResponse().withStatus(503)));
    HttpResponse<String> res =
        edge.client()
            .send(
                HttpRequest.newBuilder(edge.uri("/rpc"))
                    .timeout(Duration.ofSeconds(20))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"method\":\"tools/call\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(res.statusCode()).isEqualTo(503);
    assertThat(Origins.count(origin, "/rpc")).isEqualTo(1);
  }

  @Test
  void aStreamedPostThatReachedTheUpstreamIsNeverReplayed() throws Exception {
    try (Socket s = new Socket("127.0.0.1", edge.uri("/").getPort())) {
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      out.write(
          ("POST /mcp HTTP/1.1\r\nHost: edge\r\nContent-Type: application/json\r\n"
                  + "Transfer-Encoding: chunked\r\n\r\n5\r\n{\"a\":\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      await().atMost(10, TimeUnit.SECONDS).until(() -> resetting.heads() == 1);
      out.write("2\r\n1}\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertThat(statusLine(s.getInputStream())).startsWith("HTTP/1.1 502");
    }
    assertThat(resetting.heads()).isEqualTo(1);
    assertThat(resetting.requests()).isEqualTo(1); // the whole body reached the origin once
  }

  @Test
  void aBufferedPostResetBeforeAnyAnswerIsRetried() throws Exception {
    // Head and body in one write: the whole body has arrived before the first attempt takes it,
    // which is what makes it replayable (RequestBody). A client whose body trails its head until
    // after the upstream connection is ready gets its body streamed, and not retried.
    String body = "{\"method\":\"initialize\"}";
    try (Socket s = new Socket("127.0.0.1", edge.uri("/").getPort())) {
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      out.write(
          ("POST /mcp HTTP/1.1\r\nHost: edge\r\nContent-Type: application/json\r\n"
                  + "Content-Length: "
                  + body.length()
                  + "\r\n\r\n"
                  + body)
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertThat(statusLine(s.getInputStream())).startsWith("HTTP/1.1 502");
    }
    assertThat(resetting.requests()).isEqualTo(3);
  }

  @Test
  void theBudgetCapsRetriesDuringAFullOutage() throws Exception {
    origin.stubFor(
        get(urlPathEqualTo("/outage")).willReturn(aResponse().withStatus(503).withFixedDelay(300)));
    List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      all.add(
          edge.client()
              .sendAsync(
                  HttpRequest.newBuilder(edge.uri("/outage"))
                      .timeout(Duration.ofSeconds(30))
                      .build(),
                  HttpResponse.BodyHandlers.ofString()));
    }
    for (CompletableFuture<HttpResponse<String>> f : all) {
      assertThat(f.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(503);
    }
    // Without a budget every request would be tried three times (30 in all).
    assertThat(Origins.count(origin, "/outage")).isLessThan(30);
    assertThat(edge.server().rejections().count("outage", RejectionReason.RETRY_BUDGET))
        .isPositive();
  }

  @Test
  void budgetCountsReturnToZero() throws Exception {
    origin.stubFor(get(urlPathEqualTo("/down")).willReturn(aResponse().withStatus(503)));
    for (int i = 0; i < 3; i++) {
      edge.get("/down");
    }
    RetryBudget budget = edge.server().upstreamPolicy("origin").retryBudget();
    await()
        .atMost(5, TimeUnit.SECONDS)
        .until(() -> budget.activeRequests() == 0 && budget.activeRetries() == 0);
  }

  private static String statusLine(InputStream in) throws Exception {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      sb.append((char) c);
    }
    return sb.toString();
  }
}
