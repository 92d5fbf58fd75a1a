package io.mcpedge.server.resilience;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.mcpedge.core.policy.breaker.BreakerState;
import io.mcpedge.server.testsupport.Origins;
import io.mcpedge.server.testsupport.TestEdge;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The cache and the breaker together, as issue 5 asks: while the upstream's breaker is open, a
 * route whose stored answer allows {@code stale-if-error} (RFC 5861 §4) still answers from the
 * cache and the origin is not contacted; a route without a stored answer gets the breaker's 503.
 */
@Timeout(60)
class StaleWhileBreakerOpenIT {

  private WireMockServer origin;
  private TestEdge edge;

  @BeforeEach
  void start() throws Exception {
    origin = Origins.start();
    origin.stubFor(
        get(urlPathEqualTo("/v1/tools"))
            .willReturn(
                aResponse()
                    .withHeader("Cache-Control", "max-age=0, stale-if-error=600")
                    .withHeader("ETag", "\"tools-1\"")
                    .withBody("tools v1")));
    origin.stubFor(get(urlPathEqualTo("/fail")).willReturn(aResponse().withStatus(500)));
    edge =
        TestEdge.start(
            "upstreams:\n  - name: origin\n    endpoints: [\""
                + Origins.endpoint(origin)
                + "\"]\n"
                + "    circuitBreaker:\n"
                + "      failure: { failureRatePercent: 50, slidingWindow: 4, minimumCalls: 4,"
                + " openFor: 30s, halfOpenProbes: 1 }\n"
                + "routes:\n"
                + "  - name: tools\n"
                + "    match: { path: { type: Exact, value: /v1/tools } }\n"
                + "    upstream: origin\n"
                + "    cache: { mode: rfc9111 }\n"
                + "  - name: rest\n    upstream: origin\n");
  }

  @AfterEach
  void stop() {
    edge.close();
    origin.stop();
  }

  @Test
  void staleIfErrorAnswersFromTheCacheWhileTheBreakerIsOpen() throws Exception {
    HttpResponse<String> first = edge.get("/v1/tools");
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).isEqualTo("tools v1");

    // The window now holds one success; three failures of four calls open it (50 %).
    for (int i = 0; i < 3; i++) {
      assertThat(edge.get("/fail").statusCode()).isEqualTo(500);
    }
    assertThat(edge.server().upstreamPolicy("origin").breaker().state())
        .isEqualTo(BreakerState.OPEN);
    origin.resetRequests();

    HttpResponse<String> stale = edge.get("/v1/tools");
    assertThat(stale.statusCode()).isEqualTo(200);
    assertThat(stale.body()).isEqualTo("tools v1");
    assertThat(stale.headers().firstValue("Cache-Status").orElse("")).contains("hit");
    HttpResponse<String> refused = edge.get("/elsewhere");
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    origin.verify(0, anyRequestedFor(anyUrl()));
  }
}
