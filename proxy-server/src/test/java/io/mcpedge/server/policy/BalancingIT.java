package io.mcpedge.server.policy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.mcpedge.server.testsupport.Origins;
import io.mcpedge.server.testsupport.TestEdge;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Load balancing over three origin endpoints: affinity by credential, and outlier ejection. */
@Timeout(60)
class BalancingIT {

  private final WireMockServer[] origins = new WireMockServer[3];

  @BeforeEach
  void start() {
    for (int i = 0; i < 3; i++) {
      origins[i] = Origins.start();
      origins[i].stubFor(any(urlPathMatching("/.*")).willReturn(aResponse().withBody("o" + i)));
    }
  }

  @AfterEach
  void stop() {
    for (WireMockServer o : origins) {
      o.stop();
    }
  }

  private String upstream(String policy, String extra, WireMockServer... endpoints) {
    StringBuilder sb = new StringBuilder("upstreams:\n  - name: pods\n    endpoints: [");
    for (int i = 0; i < endpoints.length; i++) {
      sb.append(i == 0 ? "" : ", ").append('"').append(Origins.endpoint(endpoints[i])).append('"');
    }
    return sb.append("]\n    loadBalancer: { policy: ")
        .append(policy)
        .append(" }\n")
        .append(extra)
        .append("routes:\n  - name: api\n    upstream: pods\n")
        .toString();
  }

  private static Map<String, String> landings(TestEdge edge, int keys) throws Exception {
    Map<String, String> where = new HashMap<>();
    for (int k = 0; k < keys; k++) {
      String credential = "Bearer user-" + k;
      for (int i = 0; i < 3; i++) {
        String body = edge.get("/tools", "Authorization", credential).body();
        String before = where.putIfAbsent(credential, body);
        assertThat(before == null ? body : before).as(credential).isEqualTo(body);
      }
    }
    return where;
  }

  @Test
  void eachCredentialStaysOnOneEndpointAndRemovingOneMovesOnlyItsKeys() throws Exception {
    Map<String, String> three;
    try (TestEdge edge = TestEdge.start(upstream("consistentHash", "", origins))) {
      three = landings(edge, 30);
    }
    assertThat(new HashSet<>(three.values())).containsExactlyInAnyOrder("o0", "o1", "o2");

    Map<String, String> two;
    try (TestEdge edge = TestEdge.start(upstream("consistentHash", "", origins[0], origins[1]))) {
      two = landings(edge, 30);
    }
    for (Map.Entry<String, String> e : three.entrySet()) {
      String now = two.get(e.getKey());
      if (e.getValue().equals("o2")) {
        assertThat(now).isIn("o0", "o1");
      } else {
        assertThat(now).as(e.getKey()).isEqualTo(e.getValue());
      }
    }
  }

  @Test
  void anEjectedEndpointGetsNoTrafficUntilItsEjectionTimeIsOver() throws Exception {
    origins[2].stubFor(any(urlPathEqualTo("/tools")).willReturn(aResponse().withStatus(500)));
    String outlier =
        "    outlierDetection: { consecutive5xx: 2, baseEjectionTime: 30s,"
            + " maxEjectionPercent: 50 }\n";
    try (TestEdge edge = TestEdge.start(upstream("roundRobin", outlier, origins))) {
      for (int i = 0; i < 6; i++) {
        edge.get("/tools");
      }
      assertThat(Origins.count(origins[2], "/tools")).isEqualTo(2);
      assertThat(edge.server().upstreamPolicy("pods").outlierDetector().ejectedCount())
          .isEqualTo(1);
      for (int i = 0; i < 12; i++) {
        assertThat(edge.get("/tools").statusCode()).isEqualTo(200);
      }
      assertThat(Origins.count(origins[2], "/tools")).isEqualTo(2);

      edge.ticker().advance(Duration.ofSeconds(30));
      for (int i = 0; i < 3; i++) {
        edge.get("/tools");
      }
      assertThat(Origins.count(origins[2], "/tools")).isEqualTo(3);
    }
  }

  @Test
  void leastRequestSpreadsSequentialRequestsOverEveryEndpoint() throws Exception {
    try (TestEdge edge = TestEdge.start(upstream("leastRequest", "", origins))) {
      for (int i = 0; i < 60; i++) {
        assertThat(edge.get("/tools").statusCode()).isEqualTo(200);
      }
    }
    for (WireMockServer o : origins) {
      assertThat(Origins.count(o, "/tools")).isPositive();
    }
    assertThat(List.of(origins).stream().mapToInt(o -> Origins.count(o, "/tools")).sum())
        .isEqualTo(60);
  }
}
