package io.mcpedge.server.cache;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Hits, misses and what is never stored, through the real proxy in front of a real origin. */
class CacheBehaviourIT {

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

  private static void stub(String path, int status, String body, String... headers) {
    var res = aResponse().withStatus(status).withBody(body);
    for (int i = 0; i < headers.length; i += 2) {
      res = res.withHeader(headers[i], headers[i + 1]);
    }
    h.origin.stubFor(get(urlEqualTo(path)).willReturn(res));
  }

  @Test
  @DisplayName("RFC 9111 §4, §5.1: a fresh entry is served without the origin, with Age and status")
  void hitFromStore() throws Exception {
    // With a declared length, Cache-Status can promise "stored" before the body.
    stub(
        "/r/hit",
        200,
        "hello",
        "Cache-Control",
        "max-age=60",
        "Content-Type",
        "text/plain",
        "Content-Length",
        "5");
    HttpResponse<String> miss = h.get("/r/hit");
    assertThat(miss.statusCode()).isEqualTo(200);
    assertThat(miss.headers().firstValue("x-cache")).hasValue("MISS");
    assertThat(miss.headers().firstValue("cache-status"))
        .hasValue("mcp-edge; fwd=uri-miss; fwd-status=200; stored");
    h.clock.advance(Duration.ofSeconds(7));
    HttpResponse<String> hit = h.get("/r/hit");
    assertThat(hit.body()).isEqualTo("hello");
    assertThat(hit.headers().firstValue("x-cache")).hasValue("HIT");
    assertThat(hit.headers().firstValue("age")).hasValue("7");
    assertThat(hit.headers().firstValue("cache-status")).hasValue("mcp-edge; hit; ttl=53");
    assertThat(hit.headers().firstValue("content-type")).hasValue("text/plain");
    assertThat(hit.headers().firstValue("content-length")).hasValue("5");
    h.origin.verify(1, getRequestedFor(urlEqualTo("/r/hit")));
  }

  @Test
  @DisplayName("RFC 9110 §9.3.2: HEAD is answered from a stored GET")
  void headFromStoredGet() throws Exception {
    stub("/r/head", 200, "0123456789", "Cache-Control", "max-age=60");
    h.get("/r/head");
    HttpResponse<String> head =
        h.send(h.request("/r/head").method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("x-cache")).hasValue("HIT");
    assertThat(head.headers().firstValue("content-length")).hasValue("10");
    assertThat(head.body()).isEmpty();
    h.origin.verify(1, getRequestedFor(urlEqualTo("/r/head")));
  }

  @Test
  @DisplayName("RFC 9110 §13.1.2: If-None-Match on a fresh entry gets 304 from the cache")
  void conditionalFromFreshEntry() throws Exception {
    stub("/r/etag", 200, "tagged", "Cache-Control", "max-age=60", "ETag", "\"v1\"");
    h.get("/r/etag");
    HttpResponse<String> nm = h.get("/r/etag", "If-None-Match", "\"v1\"");
    assertThat(nm.statusCode()).isEqualTo(304);
    assertThat(nm.headers().firstValue("x-cache")).hasValue("HIT");
    assertThat(nm.headers().firstValue("etag")).hasValue("\"v1\"");
    HttpResponse<String> other = h.get("/r/etag", "If-None-Match", "\"v0\"");
    assertThat(other.statusCode()).isEqualTo(200);
    assertThat(other.body()).isEqualTo("tagged");
    h.origin.verify(1, getRequestedFor(urlEqualTo("/r/etag")));
  }

  @Test
  @DisplayName("RFC 9110 §14: Range on a stored entry gives 206, an unsatisfiable one 416")
  void rangesFromStore() throws Exception {
    stub("/r/range", 200, "abcdefghij", "Cache-Control", "max-age=60");
    h.get("/r/range");
    HttpResponse<String> part = h.get("/r/range", "Range", "bytes=2-4");
    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(part.body()).isEqualTo("cde");
    assertThat(part.headers().firstValue("content-range")).hasValue("bytes 2-4/10");
    HttpResponse<String> none = h.get("/r/range", "Range", "bytes=50-60");
    assertThat(none.statusCode()).isEqualTo(416);
    assertThat(none.headers().firstValue("content-range")).hasValue("bytes */10");
    h.origin.verify(1, getRequestedFor(urlEqualTo("/r/range")));
  }

  @Test
  @DisplayName("RFC 9111 §5.2.1.7: only-if-cached with nothing stored gives 504")
  void onlyIfCached() throws Exception {
    stub("/r/oic", 200, "x", "Cache-Control", "max-age=60");
    HttpResponse<String> res = h.get("/r/oic", "Cache-Control", "only-if-cached");
    assertThat(res.statusCode()).isEqualTo(504);
    h.origin.verify(0, getRequestedFor(urlEqualTo("/r/oic")));
  }

  @Test
  @DisplayName("RFC 9111 §4.1: Vary selects the variant; Accept-Encoding lists are normalised")
  void varyHonoured() throws Exception {
    h.origin.stubFor(
        get(urlEqualTo("/r/vary"))
            .withHeader(
                "Accept-Language", com.github.tomakehurst.wiremock.client.WireMock.equalTo("de"))
            .willReturn(
                aResponse()
                    .withBody("hallo")
                    .withHeader("Cache-Control", "max-age=60")
                    .withHeader("Vary", "Accept-Language")));
    h.origin.stubFor(
        get(urlEqualTo("/r/vary"))
            .withHeader(
                "Accept-Language", com.github.tomakehurst.wiremock.client.WireMock.equalTo("en"))
            .willReturn(
                aResponse()
                    .withBody("hello")
                    .withHeader("Cache-Control", "max-age=60")
                    .withHeader("Vary", "Accept-Language")));
    assertThat(h.get("/r/vary", "Accept-Language", "de").body()).isEqualTo("hallo");
    assertThat(h.get("/r/vary", "Accept-Language", "en").body()).isEqualTo("hello");
    HttpResponse<String> de = h.get("/r/vary", "Accept-Language", "de");
    assertThat(de.body()).isEqualTo("hallo");
    assertThat(de.headers().firstValue("x-cache")).hasValue("HIT");
    assertThat(h.get("/r/vary", "Accept-Language", "en").headers().firstValue("x-cache"))
        .hasValue("HIT");
    h.origin.verify(2, getRequestedFor(urlEqualTo("/r/vary")));
  }

  @Test
  @DisplayName("RFC 9111 §3: a response with Set-Cookie is not shared")
  void setCookieNotShared() throws Exception {
    stub("/r/cookie", 200, "mine", "Cache-Control", "max-age=60", "Set-Cookie", "sid=alice");
    h.get("/r/cookie");
    HttpResponse<String> second = h.get("/r/cookie");
    assertThat(second.headers().firstValue("x-cache")).hasValue("MISS");
    h.origin.verify(2, getRequestedFor(urlEqualTo("/r/cookie")));
  }

  @Test
  @DisplayName("5xx answers are never stored")
  void serverErrorsNotStored() throws Exception {
    stub("/r/boom", 500, "boom", "Cache-Control", "max-age=60");
    assertThat(h.get("/r/boom").statusCode()).isEqualTo(500);
    assertThat(h.get("/r/boom").statusCode()).isEqualTo(500);
    h.origin.verify(2, getRequestedFor(urlEqualTo("/r/boom")));
  }

  @Test
  @DisplayName("404 is negatively cached for the route's negativeTtl, then asked again")
  void negativeCaching() throws Exception {
    stub("/r/missing", 404, "nope");
    assertThat(h.get("/r/missing").statusCode()).isEqualTo(404);
    HttpResponse<String> again = h.get("/r/missing");
    assertThat(again.statusCode()).isEqualTo(404);
    assertThat(again.headers().firstValue("x-cache")).hasValue("HIT");
    h.clock.advance(Duration.ofSeconds(61));
    assertThat(h.get("/r/missing").headers().firstValue("x-cache")).hasValue("MISS");
    h.origin.verify(2, getRequestedFor(urlEqualTo("/r/missing")));
  }

  @Test
  @DisplayName("a response over maxObjectSize streams through whole and is not stored")
  void oversizeStreamsThrough() throws Exception {
    String big = "x".repeat(100 * 1024);
    stub("/static/big.js", 200, big);
    HttpResponse<String> first = h.get("/static/big.js");
    assertThat(first.body()).isEqualTo(big);
    assertThat(h.get("/static/big.js").headers().firstValue("x-cache")).hasValue("MISS");
    h.origin.verify(2, getRequestedFor(urlEqualTo("/static/big.js")));
  }

  @Test
  @DisplayName("many distinct objects never take the store beyond maxSize")
  void storeStaysWithinMaxSize() throws Exception {
    String body = "y".repeat(30 * 1024);
    h.origin.stubFor(
        get(com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/static/fill/.*"))
            .willReturn(aResponse().withBody(body)));
    for (int i = 0; i < 80; i++) {
      assertThat(h.get("/static/fill/" + i + ".css").body()).hasSize(body.length());
      long size = weightedSize();
      assertThat(size).isLessThanOrEqualTo(1024 * 1024);
    }
    // Most recent objects stay; the store is not empty.
    assertThat(weightedSize()).isGreaterThan(512 * 1024);
  }

  static long weightedSize() throws Exception {
    String json =
        h.admin("GET", "/cache/stats", "Authorization", "Bearer " + CacheHarness.TOKEN).body();
    String v = json.replaceAll(".*\"weightedSize\":(\\d+).*\\s*", "$1");
    return Long.parseLong(v.trim());
  }
}
