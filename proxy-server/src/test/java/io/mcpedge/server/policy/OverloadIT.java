package io.mcpedge.server.policy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.mcpedge.core.policy.overload.OverloadGuard;
import io.mcpedge.server.testsupport.Origins;
import io.mcpedge.server.testsupport.TestEdge;
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

/** Overload thresholds: beyond them a fast 503, never a queue; every permit comes back. */
@Timeout(60)
class OverloadIT {

  private WireMockServer origin;
  private TestEdge edge;

  @BeforeEach
  void start() throws Exception {
    origin = Origins.start();
    origin.stubFor(
        get(urlPathEqualTo("/slow")).willReturn(aResponse().withBody("slow").withFixedDelay(1500)));
    origin.stubFor(
        get(urlPathEqualTo("/queue")).willReturn(aResponse().withBody("q").withFixedDelay(1500)));
    String endpoint = Origins.endpoint(origin);
    edge =
        TestEdge.startOneLoop(
            "upstreams:\n"
                + "  - name: requests\n    endpoints: [\""
                + endpoint
                + "\"]\n"
                + "    circuitBreaker: { maxRequests: 2 }\n"
                + "  - name: pending\n    endpoints: [\""
                + endpoint
                + "\"]\n"
                + "    pool: { maxConnections: 1, maxIdle: 1 }\n"
                + "    circuitBreaker: { maxPendingRequests: 1 }\n"
                + "routes:\n"
                + "  - name: queue\n"
                + "    match: { path: { type: Exact, value: /queue } }\n"
                + "    upstream: pending\n"
                + "  - name: slow\n    upstream: requests\n");
  }

  @AfterEach
  void stop() {
    edge.close();
    origin.stop();
  }

  private CompletableFuture<HttpResponse<String>> async(String path) {
    return edge.client()
        .sendAsync(
            HttpRequest.newBuilder(edge.uri(path)).timeout(Duration.ofSeconds(20)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void maxRequestsAnswers503InsteadOfQueueing() throws Exception {
    OverloadGuard guard = edge.server().upstreamPolicy("requests").overload();
    List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
    inFlight.add(async("/slow"));
    inFlight.add(async("/slow"));
    await().atMost(10, TimeUnit.SECONDS).until(() -> guard.requests().held() == 2);
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> res = edge.get("/slow");
      assertThat(res.statusCode()).isEqualTo(503);
      assertThat(res.headers().firstValue("x-edge-overloaded")).hasValue("true");
      assertThat(res.body()).contains("overloaded").contains("route slow");
    }
    assertThat(guard.requests().held()).isEqualTo(2); // the refusals came while both were busy
    for (CompletableFuture<HttpResponse<String>> f : inFlight) {
      assertThat(f.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
    assertThat(Origins.count(origin, "/slow")).isEqualTo(2);
    assertThat(edge.server().rejections().count("slow", RejectionReason.OVERLOADED_REQUESTS))
        .isEqualTo(3);
    await().atMost(5, TimeUnit.SECONDS).until(() -> guard.requests().held() == 0);
  }

  @Test
  void maxPendingRequestsBoundsTheWaitForAConnection() throws Exception {
    OverloadGuard guard = edge.server().upstreamPolicy("pending").overload();
    CompletableFuture<HttpResponse<String>> first = async("/queue");
    await().atMost(10, TimeUnit.SECONDS).until(() -> guard.requests().held() == 1);
    CompletableFuture<HttpResponse<String>> second = async("/queue");
    await().atMost(10, TimeUnit.SECONDS).until(() -> guard.pendingRequests().held() == 1);
    assertThat(
            edge.server()
                .meterRegistry()
                .get("edge.upstream.pending_requests")
                .tag("upstream", "pending")
                .gauge()
                .value())
        .isEqualTo(1);

    HttpResponse<String> third = edge.get("/queue");
    assertThat(third.statusCode()).isEqualTo(503);
    assertThat(third.headers().firstValue("x-edge-overloaded")).hasValue("true");
    assertThat(edge.server().rejections().count("queue", RejectionReason.OVERLOADED_PENDING))
        .isEqualTo(1);

    assertThat(first.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(second.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(Origins.count(origin, "/queue")).isEqualTo(2);
    await()
        .atMost(5, TimeUnit.SECONDS)
        .until(() -> guard.pendingRequests().held() == 0 && guard.requests().held() == 0);
    assertThat(guard.connections().held()).isEqualTo(1); // the one pooled connection
  }

  @Test
  void aClientThatGoesAwayGivesItsPermitsBack() throws Exception {
    OverloadGuard guard = edge.server().upstreamPolicy("requests").overload();
    try (Socket s = new Socket("127.0.0.1", edge.uri("/").getPort())) {
      s.getOutputStream()
          .write("GET /slow HTTP/1.1\r\nHost: edge\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      await().atMost(10, TimeUnit.SECONDS).until(() -> guard.requests().held() == 1);
    }
    await().atMost(10, TimeUnit.SECONDS).until(() -> guard.requests().held() == 0);
  }
}
