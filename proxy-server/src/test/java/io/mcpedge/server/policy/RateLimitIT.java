package io.mcpedge.server.policy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.mcpedge.server.testsupport.Origins;
import io.mcpedge.server.testsupport.TestEdge;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Local rate limiting end to end, with the proxy's clock standing still unless advanced. */
@Timeout(60)
class RateLimitIT {

  private WireMockServer origin;
  private TestEdge edge;

  @BeforeEach
  void start() throws Exception {
    origin = Origins.start();
    origin.stubFor(
        any(urlPathMatching("/.*")).willReturn(aResponse().withStatus(200).withBody("ok")));
    edge =
        TestEdge.start(
            "upstreams:\n  - name: origin\n    endpoints: [\""
                + Origins.endpoint(origin)
                + "\"]\n"
                + "routes:\n"
                + "  - name: health\n"
                + "    match: { path: { type: Exact, value: /health } }\n"
                + "    upstream: origin\n"
                + "  - name: per-user\n"
                + "    match: { path: { type: PathPrefix, value: /user } }\n"
                + "    upstream: origin\n"
                + "    rateLimit: { requestsPerSecond: 1, burst: 2, key: credential }\n"
                + "  - name: api\n"
                + "    upstream: origin\n"
                + "    rateLimit: { requestsPerSecond: 5, burst: 5 }\n");
  }

  @AfterEach
  void stop() {
    edge.close();
    origin.stop();
  }

  @Test
  void overTheLimitGets429WithHeadersAndNothingReachesTheOrigin() throws Exception {
    List<HttpResponse<String>> answers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      answers.add(edge.get("/tools"));
    }
    assertThat(answers)
        .extracting(HttpResponse::statusCode)
        .containsExactly(200, 200, 200, 200, 200, 429, 429, 429);
    assertThat(Origins.count(origin, "/tools")).isEqualTo(5);

    HttpResponse<String> first = answers.get(0);
    assertThat(first.headers().firstValue("ratelimit-policy")).hasValue("\"api\";q=5;w=1");
    assertThat(first.headers().firstValue("ratelimit")).hasValue("\"api\";r=4;t=1");

    HttpResponse<String> refused = answers.get(5);
    assertThat(refused.headers().firstValue("retry-after")).hasValue("1");
    assertThat(refused.headers().firstValue("ratelimit-policy")).hasValue("\"api\";q=5;w=1");
    assertThat(refused.headers().firstValue("ratelimit")).hasValue("\"api\";r=0;t=1");
    assertThat(refused.body()).contains("429").contains("route api");
    assertThat(edge.server().rejections().count("api", RejectionReason.RATE_LIMITED)).isEqualTo(3);

    // One second later the bucket is full again: exactly five more pass.
    edge.ticker().advance(Duration.ofSeconds(1));
    int passed = 0;
    for (int i = 0; i < 7; i++) {
      passed += edge.get("/tools").statusCode() == 200 ? 1 : 0;
    }
    assertThat(passed).isEqualTo(5);
    assertThat(Origins.count(origin, "/tools")).isEqualTo(10);
  }

  @Test
  void aRefusedRequestWithABodyIsAnsweredAndItsBodyReleased() throws Exception {
    for (int i = 0; i < 5; i++) {
      assertThat(edge.get("/x").statusCode()).isEqualTo(200);
    }
    HttpResponse<String> res =
        edge.client()
            .send(
                HttpRequest.newBuilder(edge.uri("/rpc"))
                    .timeout(Duration.ofSeconds(20))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\"}".repeat(500)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(res.statusCode()).isEqualTo(429);
    assertThat(Origins.count(origin, "/rpc")).isZero();
  }

  @Test
  void eachCredentialHasItsOwnBucketAndHealthIsNeverLimited() throws Exception {
    assertThat(edge.get("/user", "Authorization", "Bearer a").statusCode()).isEqualTo(200);
    assertThat(edge.get("/user", "Authorization", "Bearer a").statusCode()).isEqualTo(200);
    assertThat(edge.get("/user", "Authorization", "Bearer a").statusCode()).isEqualTo(429);
    assertThat(edge.get("/user", "Authorization", "Bearer b").statusCode()).isEqualTo(200);
    assertThat(Origins.count(origin, "/user")).isEqualTo(3);
    for (int i = 0; i < 20; i++) {
      assertThat(edge.get("/health").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aCredentialCookieKeysItsOwnBucketAndAnotherCookieOrTheHeaderDoesNot() throws Exception {
    // Two browsers, each with its own jwt_token cookie: limited separately.
    assertThat(edge.get("/user", "Cookie", "theme=dark; jwt_token=alice").statusCode())
        .isEqualTo(200);
    assertThat(edge.get("/user", "Cookie", "jwt_token=alice; theme=light").statusCode())
        .isEqualTo(200);
    assertThat(edge.get("/user", "Cookie", "jwt_token=alice").statusCode()).isEqualTo(429);
    assertThat(edge.get("/user", "Cookie", "jwt_token=bob").statusCode()).isEqualTo(200);
    assertThat(edge.get("/user", "Cookie", "access_token=alice").statusCode()).isEqualTo(200);
    // The same token in the header is another credential, as the cache keeps it apart.
    assertThat(edge.get("/user", "Authorization", "alice").statusCode()).isEqualTo(200);
    // Cookies that carry no credential share the one bucket of requests without a credential.
    assertThat(edge.get("/user", "Cookie", "theme=dark").statusCode()).isEqualTo(200);
    assertThat(edge.get("/user").statusCode()).isEqualTo(200);
    assertThat(edge.get("/user", "Cookie", "theme=light").statusCode()).isEqualTo(429);
    assertThat(Origins.count(origin, "/user")).isEqualTo(7);
    assertThat(edge.server().rejections().count("per-user", RejectionReason.RATE_LIMITED))
        .isEqualTo(2);
    // The metric names the kind of key, never a credential or its hash.
    assertThat(
            edge.server()
                .meterRegistry()
                .get("edge.ratelimit.rejections")
                .tag("route", "per-user")
                .tag("key", "credential")
                .functionCounter()
                .count())
        .isEqualTo(2);
    assertThat(edge.server().meterRegistry().scrape()).doesNotContain("alice", "bob");
  }
}
