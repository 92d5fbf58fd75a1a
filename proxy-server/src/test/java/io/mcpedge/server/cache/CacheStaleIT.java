package io.mcpedge.server.cache;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Revalidation, stale-while-revalidate and stale-if-error against a real origin. */
class CacheStaleIT {

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
    h.origin.resetAll();
  }

  /** A cache counter of the route {@code rfc}, from the proxy's meter registry. */
  static double rfc(String name, String tag, String value) {
    return h.server.meterRegistry().get(name).tag("route", "rfc").tag(tag, value).counter().count();
  }

  @Test
  @DisplayName("RFC 9111 §4.3: a stale entry is revalidated with its ETag and served after a 304")
  void revalidatedBy304() throws Exception {
    h.origin.stubFor(
        get(urlEqualTo("/r/reval"))
            .willReturn(
                aResponse()
                    .withBody("stored body")
                    .withHeader("Cache-Control", "max-age=1")
                    .withHeader("ETag", "\"a\"")));
    h.get("/r/reval");
    h.clock.advance(Duration.ofSeconds(5));
    double revalidated = rfc("edge.cache.requests", "result", "revalidated");
    h.origin.stubFor(
        get(urlEqualTo("/r/reval"))
            .withHeader("If-None-Match", equalTo("\"a\""))
            .willReturn(
                aResponse()
                    .withStatus(304)
                    .withHeader("Cache-Control", "max-age=60")
                    .withHeader("ETag", "\"a\"")));
    HttpResponse<String> res = h.get("/r/reval");
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.body()).isEqualTo("stored body");
    assertThat(res.headers().firstValue("x-cache")).hasValue("HIT");
    assertThat(res.headers().firstValue("cache-status"))
        .hasValue("mcp-edge; fwd=stale; fwd-status=304");
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> rfc("edge.cache.requests", "result", "revalidated") == revalidated + 1);
    assertThat(res.headers().firstValue("cache-control")).hasValue("max-age=60");
    h.origin.verify(
        1, getRequestedFor(urlEqualTo("/r/reval")).withHeader("If-None-Match", equalTo("\"a\"")));
    // the 304 made it fresh again
    assertThat(h.get("/r/reval").headers().firstValue("cache-status").orElseThrow())
        .startsWith("mcp-edge; hit");
    h.origin.verify(2, getRequestedFor(urlEqualTo("/r/reval")));
  }

  @Test
  @DisplayName("RFC 9111 §4.3.3: a 200 answer to revalidation replaces the entry")
  void revalidationReplacedBy200() throws Exception {
    h.origin.stubFor(
        get(urlEqualTo("/r/replace"))
            .willReturn(
                aResponse()
                    .withBody("old")
                    .withHeader("Cache-Control", "max-age=1")
                    .withHeader("ETag", "\"1\"")));
    h.get("/r/replace");
    h.clock.advance(Duration.ofSeconds(5));
    h.origin.stubFor(
        get(urlEqualTo("/r/replace"))
            .willReturn(
                aResponse()
                    .withBody("new")
                    .withHeader("Cache-Control", "max-age=60")
                    .withHeader("ETag", "\"2\"")));
    assertThat(h.get("/r/replace").body()).isEqualTo("new");
    HttpResponse<String> hit = h.get("/r/replace");
    assertThat(hit.body()).isEqualTo("new");
    assertThat(hit.headers().firstValue("x-cache")).hasValue("HIT");
  }

  @Test
  @DisplayName("RFC 5861 §3: stale-while-revalidate serves stale at once and refreshes once")
  void staleWhileRevalidate() throws Exception {
    h.origin.stubFor(
        get(urlEqualTo("/r/swr"))
            .willReturn(
                aResponse()
                    .withBody("v1")
                    .withHeader("Cache-Control", "max-age=1, stale-while-revalidate=60")));
    h.get("/r/swr");
    h.clock.advance(Duration.ofSeconds(5));
    h.origin.stubFor(
        get(urlEqualTo("/r/swr"))
            .willReturn(
                aResponse()
                    .withBody("v2")
                    // The refresh stays in flight while the five requests below are answered,
                    // with a wide margin for a loaded machine (300 ms was once not enough).
                    .withFixedDelay(3000)
                    .withHeader("Cache-Control", "max-age=60")));
    double swr = rfc("edge.cache.stale_served", "reason", "stale_while_revalidate");
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> stale = h.get("/r/swr");
      assertThat(stale.body()).isEqualTo("v1");
      assertThat(stale.headers().firstValue("cache-status")).hasValue("mcp-edge; hit; ttl=-4");
    }
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> rfc("edge.cache.stale_served", "reason", "stale_while_revalidate") == swr + 5);
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> h.get("/r/swr", "Cache-Control", "only-if-cached").body().equals("v2"));
    h.origin.verify(2, getRequestedFor(urlEqualTo("/r/swr")));
  }

  @Test
  @DisplayName("RFC 5861 §4: a 5xx (or a breaker's 503) behind a stale entry serves the entry")
  void staleIfErrorOn5xx() throws Exception {
    h.origin.stubFor(
        get(urlEqualTo("/r/sie"))
            .willReturn(aResponse().withBody("good").withHeader("Cache-Control", "max-age=1")));
    h.get("/r/sie");
    h.clock.advance(Duration.ofSeconds(5));
    h.origin.stubFor(
        get(urlEqualTo("/r/sie")).willReturn(aResponse().withStatus(503).withBody("down")));
    double onError = rfc("edge.cache.stale_served", "reason", "stale_if_error");
    HttpResponse<String> res = h.get("/r/sie");
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.body()).isEqualTo("good");
    assertThat(res.headers().firstValue("cache-status"))
        .hasValue("mcp-edge; hit; ttl=-4; detail=stale-if-error; fwd-status=503");
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> rfc("edge.cache.stale_served", "reason", "stale_if_error") == onError + 1);
    // past the route's one-minute grace the error goes through
    h.clock.advance(Duration.ofMinutes(2));
    assertThat(h.get("/r/sie").statusCode()).isEqualTo(503);
  }

  @Test
  @DisplayName("an origin that dies behind a stale entry still gets answers (stale-if-error)")
  void originDiesBehindStaleEntry() throws Exception {
    try (CacheHarness own = new CacheHarness(null)) {
      own.origin.stubFor(
          get(urlEqualTo("/r/dies"))
              .willReturn(
                  aResponse()
                      .withBody("last known")
                      .withHeader("Cache-Control", "max-age=1, stale-if-error=300")));
      own.get("/r/dies");
      own.clock.advance(Duration.ofSeconds(10));
      own.origin.stop();
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> res = own.get("/r/dies");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).isEqualTo("last known");
        assertThat(res.headers().firstValue("cache-status").orElseThrow())
            .contains("detail=stale-if-error");
      }
      assertThat(own.get("/r/never-stored").statusCode()).isEqualTo(502);
    }
  }
}
