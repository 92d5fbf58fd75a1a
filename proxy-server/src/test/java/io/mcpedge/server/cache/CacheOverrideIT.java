package io.mcpedge.server.cache;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.Fault;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a forced TTL keeps ({@code overrideStatuses}, {@code negativeTtl}) and how a {@code public}
 * entry reads the origin's {@code Vary}, through the real proxy in front of a WireMock origin.
 */
@Timeout(60)
class CacheOverrideIT {

  static final String ROUTES =
      """
      routes:
        - name: api
          match: { path: { type: PathPrefix, value: /api } }
          upstream: origin
          cache: { mode: override, ttl: 5m, scope: per-credential }
        - name: static
          match: { path: { type: PathPrefix, value: /static } }
          upstream: origin
          cache: { mode: override, ttl: 1m, scope: public, staleIfError: 1h, negativeTtl: 10s }
        - name: moved
          match: { path: { type: PathPrefix, value: /moved } }
          upstream: origin
          cache: { mode: override, ttl: 30d, scope: public, overrideStatuses: [200, 301] }
        - name: default
          match: { path: { type: PathPrefix, value: / } }
          upstream: origin
      """;

  static CacheHarness h;

  @BeforeAll
  static void start() throws Exception {
    h = new CacheHarness(null, CacheHarness.CACHE + ROUTES);
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  @BeforeEach
  void reset() {
    h.clock.advance(Duration.ofDays(31));
    h.origin.resetAll();
  }

  HttpResponse<String> twice(String path, String... headers) throws Exception {
    h.get(path, headers);
    return h.get(path, headers);
  }

  @ParameterizedTest(name = "an override route does not keep a {0}")
  @CsvSource({"401", "403", "407", "404", "410", "500", "503", "301", "302"})
  void errorsAndUnlistedStatusesAreNotStored(int status) throws Exception {
    h.origin.stubFor(
        get(urlEqualTo("/api/x"))
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Location", "/elsewhere")
                    .withHeader("Cache-Control", "max-age=3600")
                    .withBody("no")));
    HttpResponse<String> second = twice("/api/x", "Authorization", "Bearer alice");
    assertThat(second.statusCode()).isEqualTo(status);
    assertThat(second.headers().firstValue("x-cache")).hasValue("MISS");
    h.origin.verify(2, getRequestedFor(urlEqualTo("/api/x")));
  }

  @Test
  @DisplayName("a granted user stops getting 403 at once: the refusal was never kept")
  void grantIsSeenAtOnce() throws Exception {
    h.origin.stubFor(get(urlEqualTo("/api/admin-only")).willReturn(aResponse().withStatus(403)));
    assertThat(h.get("/api/admin-only", "Authorization", "Bearer bob").statusCode()).isEqualTo(403);
    h.origin.stubFor(
        get(urlEqualTo("/api/admin-only")).willReturn(aResponse().withStatus(200).withBody("ok")));
    assertThat(h.get("/api/admin-only", "Authorization", "Bearer bob").body()).isEqualTo("ok");
  }

  @Test
  @DisplayName("a 404 lives for negativeTtl, not for the route's ttl")
  void notFoundLivesForTheNegativeTtl() throws Exception {
    h.origin.stubFor(get(urlEqualTo("/static/new.js")).willReturn(aResponse().withStatus(404)));
    assertThat(twice("/static/new.js").headers().firstValue("x-cache")).hasValue("HIT");
    h.origin.stubFor(
        get(urlEqualTo("/static/new.js")).willReturn(aResponse().withBody("deployed")));
    h.clock.advance(Duration.ofSeconds(11));
    assertThat(h.get("/static/new.js").body()).isEqualTo("deployed");
  }

  @Test
  @DisplayName("a 301 is kept only where overrideStatuses lists it")
  void redirectKeptWhenListed() throws Exception {
    h.origin.stubFor(
        get(urlEqualTo("/moved/a"))
            .willReturn(aResponse().withStatus(301).withHeader("Location", "/new/a")));
    HttpResponse<String> second = twice("/moved/a");
    assertThat(second.statusCode()).isEqualTo(301);
    assertThat(second.headers().firstValue("x-cache")).hasValue("HIT");
    h.origin.verify(1, getRequestedFor(urlEqualTo("/moved/a")));
  }

  void asset(String body) {
    h.origin.stubFor(
        get(urlEqualTo("/static/app.js"))
            .willReturn(
                aResponse()
                    .withBody(body)
                    .withHeader("Vary", "Authorization, Accept-Encoding")
                    .withHeader("Cache-Control", "no-store, private")));
  }

  @Test
  @DisplayName("public scope: two tokens share one copy despite Vary: Authorization")
  void tokensShareThePublicCopy() throws Exception {
    asset("app v1");
    assertThat(h.get("/static/app.js", "Authorization", "Bearer one").body()).isEqualTo("app v1");
    HttpResponse<String> two = h.get("/static/app.js", "Authorization", "Bearer two");
    assertThat(two.body()).isEqualTo("app v1");
    assertThat(two.headers().firstValue("x-cache")).hasValue("HIT");
    assertThat(h.get("/static/app.js").headers().firstValue("x-cache")).hasValue("HIT");
    h.origin.verify(1, getRequestedFor(urlEqualTo("/static/app.js")));
    // Accept-Encoding still selects a variant.
    assertThat(
            h.get("/static/app.js", "Authorization", "Bearer two", "Accept-Encoding", "gzip")
                .headers()
                .firstValue("x-cache"))
        .hasValue("MISS");
  }

  @Test
  @DisplayName("public scope: a token-bearing request gets the stale copy when the origin fails")
  void tokenGetsStaleCopyWhenOriginFails() throws Exception {
    asset("app v1");
    h.get("/static/app.js");
    h.clock.advance(Duration.ofMinutes(2)); // stale, inside staleIfError
    h.origin.stubFor(
        get(urlEqualTo("/static/app.js"))
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    HttpResponse<String> r = h.get("/static/app.js", "Authorization", "Bearer three");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("app v1");
    assertThat(r.headers().firstValue("cache-status").orElse("")).contains("stale-if-error");
  }

  @Test
  @DisplayName("public scope: a token-bearing request gets the stale copy when the origin is down")
  void tokenGetsStaleCopyWhenOriginIsDown() throws Exception {
    try (CacheHarness own = new CacheHarness(null, CacheHarness.CACHE + ROUTES)) {
      own.origin.stubFor(
          get(urlEqualTo("/static/app.js"))
              .willReturn(
                  aResponse()
                      .withBody("app v1")
                      .withHeader("Vary", "Origin, Accept-Encoding, Authorization")));
      own.get("/static/app.js", "Authorization", "Bearer one");
      own.clock.advance(Duration.ofMinutes(2));
      own.origin.stop();
      HttpResponse<String> r = own.get("/static/app.js", "Authorization", "Bearer two");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("app v1");
      assertThat(r.headers().firstValue("cache-status").orElse("")).contains("stale-if-error");
    }
  }
}
