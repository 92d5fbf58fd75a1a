package io.mcpedge.server.replicas;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.mcpedge.server.testsupport.Origins;
import io.mcpedge.server.testsupport.TestEdge;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three replicas of the proxy in front of three gateway pods (origins on 127.0.0.1, one port each):
 * a credential, and an MCP session, reach the same pod whichever replica takes the request. Each
 * replica lists the pods in another order, as DNS may give them.
 */
@Timeout(120)
class AffinityAcrossReplicasIT {

  private static final int KEYS = 40;

  private final WireMockServer[] pods = new WireMockServer[3];
  private final List<TestEdge> replicas = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    for (int i = 0; i < pods.length; i++) {
      pods[i] = Origins.start();
      pods[i].stubFor(any(urlPathMatching("/.*")).willReturn(aResponse().withBody("pod" + i)));
    }
    for (int r = 0; r < 3; r++) {
      replicas.add(TestEdge.start(config(r)));
    }
  }

  @AfterEach
  void stop() {
    replicas.forEach(TestEdge::close);
    for (WireMockServer p : pods) {
      p.stop();
    }
  }

  /** Replica {@code r} lists the pods rotated by {@code r}. */
  private String config(int r) {
    StringBuilder list = new StringBuilder();
    for (int i = 0; i < pods.length; i++) {
      list.append(i == 0 ? "" : ", ")
          .append('"')
          .append(Origins.endpoint(pods[(i + r) % pods.length]))
          .append('"');
    }
    return "upstreams:\n"
        + "  - name: by-credential\n    endpoints: ["
        + list
        + "]\n    loadBalancer: { policy: consistentHash }\n"
        + "  - name: by-session\n    endpoints: ["
        + list
        + "]\n    loadBalancer: { policy: consistentHash, hashOn: Mcp-Session-Id }\n"
        + "routes:\n"
        + "  - name: mcp\n    match: { path: { type: PathPrefix, value: /mcp } }\n"
        + "    upstream: by-session\n"
        + "  - name: api\n    upstream: by-credential\n";
  }

  private static String pod(TestEdge edge, String path, String header, String value)
      throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(edge.uri(path).toString()))
            .timeout(Duration.ofSeconds(20))
            .header(header, value)
            .POST(HttpRequest.BodyPublishers.ofString("{}"))
            .build();
    HttpResponse<String> res = edge.client().send(req, HttpResponse.BodyHandlers.ofString());
    assertThat(res.statusCode()).isEqualTo(200);
    return res.body();
  }

  /** Sends every key through every replica; returns where each key landed, checking they agree. */
  private Map<String, String> landings(String path, String header, String valuePrefix)
      throws Exception {
    Map<String, String> where = new HashMap<>();
    for (int k = 0; k < KEYS; k++) {
      String value = valuePrefix + k;
      for (int round = 0; round < 2; round++) {
        for (TestEdge replica : replicas) {
          String pod = pod(replica, path, header, value);
          String first = where.putIfAbsent(value, pod);
          assertThat(pod)
              .as("%s through replica %d", value, replicas.indexOf(replica))
              .isEqualTo(first == null ? pod : first);
        }
      }
    }
    return where;
  }

  @Test
  void aCredentialReachesOnePodThroughEveryReplica() throws Exception {
    Map<String, String> where = landings("/tools", "Authorization", "Bearer user-");
    assertThat(new HashSet<>(where.values())).containsExactlyInAnyOrder("pod0", "pod1", "pod2");
  }

  @Test
  void anMcpSessionReachesOnePodThroughEveryReplica() throws Exception {
    Map<String, String> where =
        landings("/mcp", "Mcp-Session-Id", "3f2b8c1e-5a4d-4e0f-9b7a-00000000");
    assertThat(new HashSet<>(where.values())).containsExactlyInAnyOrder("pod0", "pod1", "pod2");
  }
}
