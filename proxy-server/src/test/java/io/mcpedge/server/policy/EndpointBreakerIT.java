package io.mcpedge.server.policy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.mcpedge.core.policy.breaker.BreakerState;
import io.mcpedge.server.testsupport.Origins;
import io.mcpedge.server.testsupport.TestEdge;
import io.mcpedge.server.upstream.Endpoint;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Breakers per endpoint: one failing endpoint of two is cut off alone, then probed back. */
@Timeout(60)
class EndpointBreakerIT {

  private final WireMockServer failing = Origins.start();
  private final WireMockServer healthy = Origins.start();
  private TestEdge edge;

  @BeforeEach
  void start() throws Exception {
    failing.stubFor(any(urlPathEqualTo("/tools")).willReturn(aResponse().withStatus(500)));
    healthy.stubFor(any(urlPathEqualTo("/tools")).willReturn(aResponse().withBody("healthy")));
    edge =
        TestEdge.startOneLoop(
            "upstreams:\n  - name: pods\n    endpoints: [\""
                + Origins.endpoint(failing)
                + "\", \""
                + Origins.endpoint(healthy)
                + "\"]\n"
                + "    circuitBreaker:\n"
                + "      failure: { failureRatePercent: 50, slidingWindow: 2, minimumCalls: 2,"
                + " openFor: 10s, halfOpenProbes: 1, perEndpoint: true }\n"
                + "routes:\n  - name: api\n    upstream: pods\n",
            new PinnedRandom());
  }

  @AfterEach
  void stop() {
    edge.close();
    failing.stop();
    healthy.stop();
  }

  @Test
  void onlyTheFailingEndpointsBreakerOpensAndItClosesWhenTheEndpointRecovers() throws Exception {
    UpstreamPolicy policy = edge.server().upstreamPolicy("pods");
    List<Endpoint> endpoints = edge.server().cluster("pods").endpoints();
    Endpoint bad = endpoints.get(0);
    Endpoint good = endpoints.get(1);
    assertThat(policy.breaker()).isNull();

    // Round robin from the first endpoint: 500, 200, 500; the second 500 opens its breaker.
    assertThat(edge.get("/tools").statusCode()).isEqualTo(500);
    assertThat(edge.get("/tools").statusCode()).isEqualTo(200);
    assertThat(edge.get("/tools").statusCode()).isEqualTo(500);
    assertThat(policy.breaker(bad).state()).isEqualTo(BreakerState.OPEN);
    assertThat(policy.breaker(good).state()).isEqualTo(BreakerState.CLOSED);
    // The gauge counts the upstream's breakers in each state, without naming an endpoint.
    assertThat(breakers("open")).isEqualTo(1);
    assertThat(breakers("closed")).isEqualTo(1);
    assertThat(breakers("half_open")).isZero();

    // The balancer skips the open endpoint: nobody gets a 503, the healthy one takes everything.
    for (int i = 0; i < 6; i++) {
      assertThat(edge.get("/tools").body()).isEqualTo("healthy");
    }
    assertThat(Origins.count(failing, "/tools")).isEqualTo(2);
    assertThat(Origins.count(healthy, "/tools")).isEqualTo(7);
    assertThat(edge.server().rejections().count("api", RejectionReason.BREAKER_OPEN)).isZero();

    // The endpoint recovers; after openFor its turn comes back, one probe succeeds, it closes.
    failing.stubFor(any(urlPathEqualTo("/tools")).willReturn(aResponse().withBody("recovered")));
    edge.ticker().advance(Duration.ofSeconds(10).plusMillis(1));
    int recovered = 0;
    for (int i = 0; i < 4; i++) {
      HttpResponse<String> res = edge.get("/tools");
      assertThat(res.statusCode()).isEqualTo(200);
      recovered += res.body().equals("recovered") ? 1 : 0;
    }
    assertThat(recovered).isEqualTo(2);
    assertThat(policy.breaker(bad).state()).isEqualTo(BreakerState.CLOSED);
    assertThat(policy.breaker(good).state()).isEqualTo(BreakerState.CLOSED);
    assertThat(breakers("closed")).isEqualTo(2);
    assertThat(transitions("open")).isEqualTo(1);
    assertThat(transitions("half_open")).isEqualTo(1);
    assertThat(transitions("closed")).isEqualTo(1);
  }

  private double breakers(String state) {
    return edge.server()
        .meterRegistry()
        .get("edge.breaker.state")
        .tag("upstream", "pods")
        .tag("state", state)
        .gauge()
        .value();
  }

  private double transitions(String state) {
    return edge.server()
        .meterRegistry()
        .get("edge.breaker.transitions")
        .tag("upstream", "pods")
        .tag("state", state)
        .functionCounter()
        .count();
  }
}
