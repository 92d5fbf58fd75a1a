package io.mcpedge.server.cache;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.request;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.matching.RequestPatternBuilder.newRequestPattern;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.http.RequestMethod;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code HEAD} on a cached route of the built-in configuration, in front of an origin that, like
 * the gateway, answers {@code HEAD /tools} with 405: a miss is fetched with {@code GET} and stored,
 * as Varnish does, and the client gets the head only.
 */
@Timeout(60)
class CacheHeadIT {

  static final String BODY = "[{\"name\":\"echo\"}]";

  static BuiltInEdge h;

  @BeforeAll
  static void start() throws Exception {
    h = new BuiltInEdge();
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  @BeforeEach
  void reset() {
    h.clock.advance(Duration.ofMinutes(10));
    h.origin.resetAll();
    h.origin.stubFor(
        get(urlEqualTo("/tools"))
            .willReturn(
                aResponse()
                    .withBody(BODY)
                    .withHeader("Content-Length", Integer.toString(BODY.length()))
                    .withHeader("Content-Type", "application/json")
                    .withHeader("Cache-Control", "no-store, private")));
    h.origin.stubFor(
        request("HEAD", urlEqualTo("/tools"))
            .willReturn(aResponse().withStatus(405).withHeader("Allow", "GET")));
  }

  static int heads(String path) {
    return h.origin.findAll(newRequestPattern(RequestMethod.HEAD, urlEqualTo(path))).size();
  }

  static int gets(String path) {
    return h.origin.findAll(getRequestedFor(urlEqualTo(path))).size();
  }

  @Test
  @DisplayName("a HEAD miss sends GET upstream, stores it, and GET and HEAD then hit")
  void headMissFetchesWithGet() throws Exception {
    HttpResponse<String> head = h.head("/tools", "Authorization", "Bearer alice");
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("content-length"))
        .hasValue(Integer.toString(BODY.length()));
    assertThat(head.headers().firstValue("x-cache")).hasValue("MISS");
    assertThat(heads("/tools")).as("HEAD requests the origin saw").isZero();
    assertThat(gets("/tools")).isEqualTo(1);

    HttpResponse<String> get = h.get("/tools", "Authorization", "Bearer alice");
    assertThat(get.body()).isEqualTo(BODY);
    assertThat(get.headers().firstValue("x-cache")).hasValue("HIT");
    HttpResponse<String> again = h.head("/tools", "Authorization", "Bearer alice");
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.headers().firstValue("x-cache")).hasValue("HIT");
    assertThat(again.headers().firstValue("content-length"))
        .hasValue(Integer.toString(BODY.length()));
    assertThat(gets("/tools")).isEqualTo(1);
    assertThat(heads("/tools")).isZero();
  }

  @Test
  @DisplayName("a HEAD miss joins a GET of the same key in flight")
  void headMissJoinsGetInFlight() throws Exception {
    h.origin.stubFor(
        get(urlEqualTo("/tools"))
            .withHeader("Authorization", equalTo("Bearer bob"))
            .willReturn(aResponse().withBody(BODY).withFixedDelay(1000)));
    CompletableFuture<HttpResponse<String>> first =
        h.client.sendAsync(
            h.request("/tools").header("Authorization", "Bearer bob").GET().build(),
            HttpResponse.BodyHandlers.ofString());
    await().atMost(Duration.ofSeconds(10)).until(() -> gets("/tools") == 1);
    HttpResponse<String> head = h.head("/tools", "Authorization", "Bearer bob");
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("cache-status").orElse("")).contains("collapsed");
    assertThat(first.get(10, TimeUnit.SECONDS).body()).isEqualTo(BODY);
    assertThat(gets("/tools")).isEqualTo(1);
    assertThat(heads("/tools")).isZero();
  }

  @Test
  @DisplayName("a route whose cache is off forwards HEAD as HEAD")
  void uncachedRouteForwardsHead() throws Exception {
    h.origin.stubFor(request("HEAD", urlEqualTo("/tags")).willReturn(aResponse().withStatus(200)));
    assertThat(h.head("/tags", "Authorization", "Bearer alice").statusCode()).isEqualTo(200);
    assertThat(heads("/tags")).isEqualTo(1);
    assertThat(gets("/tags")).isZero();
  }
}
