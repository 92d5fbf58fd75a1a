package io.mcpedge.server.resilience;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.mcpedge.server.testsupport.Origins;
import io.mcpedge.server.testsupport.TestEdge;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Headers the gateway trusts from its own edge never pass from a client, and {@code /_internal/*}
 * is denied at the edge by the built-in route table's rule (UPSTREAM.md).
 */
@Timeout(30)
class EdgeSecurityIT {

  private WireMockServer origin;
  private TestEdge edge;

  @BeforeEach
  void start() throws Exception {
    origin = Origins.start();
    origin.stubFor(any(anyUrl()).willReturn(aResponse().withBody("ok")));
    edge =
        TestEdge.start(
            "upstreams:\n  - name: gateway\n    endpoints: [\""
                + Origins.endpoint(origin)
                + "\"]\n"
                + "routes:\n"
                + "  - name: internal\n"
                + "    match: { path: { type: PathPrefix, value: /_internal } }\n"
                + "    directResponse: { status: 403, body: \"denied at the edge\" }\n"
                + "  - name: api\n    upstream: gateway\n");
  }

  @AfterEach
  void stop() {
    edge.close();
    origin.stop();
  }

  @Test
  void forgedTrustHeadersNeverReachTheGateway() throws Exception {
    assertThat(
            edge.get(
                    "/v1/tools",
                    "X-ContextForge-Internal",
                    "1",
                    "X-Authenticated-User",
                    "admin@example.com",
                    "X-Request-Id",
                    "r1")
                .statusCode())
        .isEqualTo(200);
    origin.verify(
        getRequestedFor(urlPathEqualTo("/v1/tools"))
            .withHeader("X-ContextForge-Internal", absent())
            .withHeader("X-Authenticated-User", absent())
            .withHeader(
                "X-Request-Id", com.github.tomakehurst.wiremock.client.WireMock.equalTo("r1")));
  }

  @Test
  void internalPathsAreDeniedHoweverTheyAreSpelled() throws Exception {
    for (String path :
        new String[] {"/_internal/x", "/%5Finternal/x", "/a/../_internal/x", "//_internal/x"}) {
      assertThat(edge.get(path).statusCode()).as(path).isEqualTo(403);
    }
    origin.verify(0, com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(anyUrl()));
  }
}
