package io.mcpedge.server.cache;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Per-credential entries of the override route, and §4.4 invalidation across routes. */
class CacheCredentialIT {

  static CacheHarness h;

  @BeforeAll
  static void start() throws Exception {
    h = new CacheHarness(CacheHarness.TOKEN);
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  @BeforeEach
  void reset() {
    h.clock.advance(Duration.ofMinutes(10)); // past the route's 5 min: nothing of earlier tests
    h.origin.resetAll();
    for (String who : new String[] {"alice", "bob"}) {
      h.origin.stubFor(
          get(urlEqualTo("/v1/tools"))
              .withHeader("Authorization", equalTo("Bearer " + who))
              .willReturn(
                  aResponse()
                      .withBody("tools of " + who)
                      .withHeader("Cache-Control", "no-store, private")
                      .withHeader("Vary", "Authorization")));
    }
    h.origin.stubFor(
        get(urlEqualTo("/v1/tools"))
            .withHeader("Authorization", absent())
            .willReturn(aResponse().withBody("public tools").withHeader("Vary", "Authorization")));
  }

  @Test
  @DisplayName("two bearer tokens never see each other's cached /tools")
  void tokensIsolated() throws Exception {
    assertThat(h.get("/v1/tools", "Authorization", "Bearer alice").body())
        .isEqualTo("tools of alice");
    assertThat(h.get("/v1/tools", "Authorization", "Bearer bob").body()).isEqualTo("tools of bob");
    for (int i = 0; i < 3; i++) {
      var a = h.get("/v1/tools", "Authorization", "Bearer alice");
      var b = h.get("/v1/tools", "Authorization", "Bearer bob");
      assertThat(a.body()).isEqualTo("tools of alice");
      assertThat(b.body()).isEqualTo("tools of bob");
      assertThat(a.headers().firstValue("x-cache")).hasValue("HIT");
      assertThat(b.headers().firstValue("x-cache")).hasValue("HIT");
    }
    h.origin.verify(2, getRequestedFor(urlEqualTo("/v1/tools")));
  }

  @Test
  @DisplayName("a token-less client never sees an authenticated answer")
  void anonymousNeverSeesAuthenticated() throws Exception {
    h.get("/v1/tools", "Authorization", "Bearer alice");
    var anon = h.get("/v1/tools");
    assertThat(anon.body()).isEqualTo("public tools");
    assertThat(anon.headers().firstValue("x-cache")).hasValue("MISS");
    assertThat(h.get("/v1/tools").body()).isEqualTo("public tools");
    assertThat(h.get("/v1/tools", "Authorization", "Bearer alice").body())
        .isEqualTo("tools of alice");
  }

  @Test
  @DisplayName(
      "RFC 9111 §4.4: POST on a route without cache invalidates the GET cached by another route")
  void unsafeMethodInvalidatesAcrossRoutes() throws Exception {
    h.origin.stubFor(post(urlEqualTo("/v1/tools")).willReturn(aResponse().withStatus(201)));
    h.get("/v1/tools", "Authorization", "Bearer alice");
    h.get("/v1/tools", "Authorization", "Bearer bob");
    var post =
        h.send(
            h.request("/v1/tools")
                .header("Authorization", "Bearer alice")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());
    assertThat(post.statusCode()).isEqualTo(201);
    // every credential scope of the URI is gone
    assertThat(h.get("/v1/tools", "Authorization", "Bearer alice").headers().firstValue("x-cache"))
        .hasValue("MISS");
    assertThat(h.get("/v1/tools", "Authorization", "Bearer bob").headers().firstValue("x-cache"))
        .hasValue("MISS");
    h.origin.verify(4, getRequestedFor(urlEqualTo("/v1/tools")));
  }

  @Test
  @DisplayName("RFC 9111 §4.4: an error answer to an unsafe method invalidates nothing")
  void errorAnswerKeepsEntries() throws Exception {
    h.origin.stubFor(post(urlEqualTo("/v1/tools")).willReturn(aResponse().withStatus(403)));
    h.get("/v1/tools", "Authorization", "Bearer alice");
    h.send(
        h.request("/v1/tools")
            .header("Authorization", "Bearer alice")
            .POST(HttpRequest.BodyPublishers.ofString("{}"))
            .build());
    assertThat(h.get("/v1/tools", "Authorization", "Bearer alice").headers().firstValue("x-cache"))
        .hasValue("HIT");
  }
}
