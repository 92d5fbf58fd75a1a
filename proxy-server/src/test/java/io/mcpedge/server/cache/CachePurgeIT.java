package io.mcpedge.server.cache;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** PURGE on the main listener and the admin purge endpoint, with and without the token. */
class CachePurgeIT {

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
  void reset() throws Exception {
    // A purge drops answers requested at or before it (RFC 9111 §4.4): move on from the last one.
    h.clock.advance(Duration.ofSeconds(1));
    h.origin.resetAll();
    h.origin.stubFor(get(urlPathMatching("/static/.*")).willReturn(aResponse().withBody("asset")));
    for (String p : new String[] {"/static/a.css", "/static/b.css", "/static/img/c.png"}) {
      h.get(p);
      assertThat(cached(p)).isTrue();
    }
  }

  private static boolean cached(String path) throws Exception {
    return h.get(path, "Cache-Control", "only-if-cached").statusCode() == 200;
  }

  private static HttpResponse<String> purge(String path, String... headers) throws Exception {
    HttpRequest.Builder b = h.request(path).method("PURGE", HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      b.headers(headers);
    }
    return h.send(b.build());
  }

  private static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("PURGE without the token or with a wrong one is refused with 401")
  void purgeRefusedWithoutToken() throws Exception {
    assertThat(purge("/static/a.css").statusCode()).isEqualTo(401);
    assertThat(purge("/static/a.css", "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
    assertThat(cached("/static/a.css")).isTrue();
  }

  @Test
  @DisplayName("PURGE with the token removes one URL")
  void purgeWithToken() throws Exception {
    var res = purge("/static/a.css", "Authorization", "Bearer " + CacheHarness.TOKEN);
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(cached("/static/a.css")).isFalse();
    assertThat(cached("/static/b.css")).isTrue();
  }

  @Test
  @DisplayName("admin purge without or with a wrong token is refused")
  void adminPurgeRefused() throws Exception {
    String path = "/cache/purge?url=" + q(h.url("/static/a.css"));
    assertThat(h.admin("POST", path).statusCode()).isEqualTo(401);
    assertThat(h.admin("POST", path, "Authorization", "Bearer nope").statusCode()).isEqualTo(401);
    assertThat(cached("/static/a.css")).isTrue();
  }

  @Test
  @DisplayName("admin purge of one URL, of a prefix, and a regex ban")
  void adminPurges() throws Exception {
    String auth = "Bearer " + CacheHarness.TOKEN;
    var one =
        h.admin("POST", "/cache/purge?url=" + q(h.url("/static/a.css")), "Authorization", auth);
    assertThat(one.statusCode()).isEqualTo(200);
    assertThat(one.body()).contains("\"removed\":1");
    assertThat(cached("/static/a.css")).isFalse();
    assertThat(cached("/static/b.css")).isTrue();

    var ban = h.admin("POST", "/cache/purge?regex=" + q("\\.png$"), "Authorization", auth);
    assertThat(ban.statusCode()).isEqualTo(200);
    assertThat(cached("/static/img/c.png")).isFalse();
    assertThat(cached("/static/b.css")).isTrue();

    var prefix =
        h.admin("POST", "/cache/purge?prefix=" + q(h.url("/static/")), "Authorization", auth);
    assertThat(prefix.statusCode()).isEqualTo(200);
    assertThat(cached("/static/b.css")).isFalse();
  }

  @Test
  @DisplayName("admin purge rejects a bad request: no parameter, a relative URL, a bad regex")
  void adminPurgeBadRequests() throws Exception {
    String auth = "Bearer " + CacheHarness.TOKEN;
    assertThat(h.admin("POST", "/cache/purge", "Authorization", auth).statusCode()).isEqualTo(400);
    assertThat(h.admin("POST", "/cache/purge?url=%2Fstatic", "Authorization", auth).statusCode())
        .isEqualTo(400);
    assertThat(h.admin("POST", "/cache/purge?regex=%28", "Authorization", auth).statusCode())
        .isEqualTo(400);
  }

  @Test
  @DisplayName("without admin.token every purge is refused, even with a bearer token")
  void noTokenConfigured() throws Exception {
    try (CacheHarness open = new CacheHarness(null)) {
      open.origin.stubFor(get(urlPathMatching("/static/.*")).willReturn(aResponse().withBody("a")));
      open.get("/static/x.css");
      var p =
          open.send(
              open.request("/static/x.css")
                  .method("PURGE", HttpRequest.BodyPublishers.noBody())
                  .header("Authorization", "Bearer anything")
                  .build());
      assertThat(p.statusCode()).isEqualTo(403);
      var a =
          open.admin(
              "POST",
              "/cache/purge?url=" + q(open.url("/static/x.css")),
              "Authorization",
              "Bearer anything");
      assertThat(a.statusCode()).isEqualTo(403);
      assertThat(open.get("/static/x.css", "Cache-Control", "only-if-cached").statusCode())
          .isEqualTo(200);
    }
  }
}
