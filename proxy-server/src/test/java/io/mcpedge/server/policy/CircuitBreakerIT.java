package io.mcpedge.server.policy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.mcpedge.core.policy.breaker.BreakerState;
import io.mcpedge.core.policy.breaker.FailureBreaker;
import io.mcpedge.server.testsupport.Origins;
import io.mcpedge.server.testsupport.TestEdge;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The failure-rate breaker in front of a failing origin, with the proxy's clock driven here. */
@Timeout(60)
class CircuitBreakerIT {

  private WireMockServer origin;
  private TestEdge edge;

  @BeforeEach
  void start() throws Exception {
    origin = Origins.start();
    origin.stubFor(get(urlPathEqualTo("/fail")).willReturn(aResponse().withStatus(500)));
    origin.stubFor(
        get(urlPathEqualTo("/reset"))
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    origin.stubFor(get(urlPathEqualTo("/ok")).willReturn(aResponse().withBody("fine")));
    edge =
        TestEdge.start(
            "upstreams:\n  - name: origin\n    endpoints: [\""
                + Origins.endpoint(origin)
                + "\"]\n"
                + "    circuitBreaker:\n"
                + "      failure: { failureRatePercent: 50, slidingWindow: 4, minimumCalls: 4,"
                + " openFor: 10s, halfOpenProbes: 2 }\n"
                + "routes:\n  - name: api\n    upstream: origin\n");
  }

  @AfterEach
  void stop() {
    edge.close();
    origin.stop();
  }

  @Test
  void opensOnFailuresAnswersWithoutTheOriginThenHalfOpensAndCloses() throws Exception {
    FailureBreaker breaker = edge.server().upstreamPolicy("origin").breaker();
    assertThat(edge.get("/fail").statusCode()).isEqualTo(500);
    assertThat(edge.get("/reset").statusCode()).isEqualTo(502);
    assertThat(edge.get("/fail").statusCode()).isEqualTo(500);
    assertThat(edge.get("/reset").statusCode()).isEqualTo(502);
    assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);

    for (int i = 0; i < 5; i++) {
      HttpResponse<String> res = edge.get("/ok");
      assertThat(res.statusCode()).isEqualTo(503);
      assertThat(res.headers().firstValue("retry-after")).hasValue("10");
      assertThat(res.body()).contains("circuit breaker open").contains("route api");
    }
    assertThat(Origins.count(origin, "/ok")).isZero();
    assertThat(edge.server().rejections().count("api", RejectionReason.BREAKER_OPEN)).isEqualTo(5);

    edge.ticker().advance(Duration.ofSeconds(4));
    HttpResponse<String> later = edge.get("/ok");
    assertThat(later.statusCode()).isEqualTo(503);
    assertThat(later.headers().firstValue("retry-after")).hasValue("6");

    // openFor has passed: two probes reach the origin, succeed, and the breaker closes.
    edge.ticker().advance(Duration.ofSeconds(6).plusMillis(1));
    assertThat(edge.get("/ok").statusCode()).isEqualTo(200);
    assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
    assertThat(edge.get("/ok").statusCode()).isEqualTo(200);
    assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
    for (int i = 0; i < 3; i++) {
      assertThat(edge.get("/ok").statusCode()).isEqualTo(200);
    }
    assertThat(Origins.count(origin, "/ok")).isEqualTo(5);
  }

  @Test
  void aFailedProbeOpensTheBreakerAgain() throws Exception {
    FailureBreaker breaker = edge.server().upstreamPolicy("origin").breaker();
    for (int i = 0; i < 4; i++) {
      edge.get("/fail");
    }
    assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
    edge.ticker().advance(Duration.ofSeconds(10).plusMillis(1));
    assertThat(edge.get("/fail").statusCode()).isEqualTo(500);
    assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
    assertThat(edge.get("/ok").statusCode()).isEqualTo(503);
    assertThat(Origins.count(origin, "/fail")).isEqualTo(5);
    assertThat(Origins.count(origin, "/ok")).isZero();
  }
}
