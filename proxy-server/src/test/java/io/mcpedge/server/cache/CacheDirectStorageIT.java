package io.mcpedge.server.cache;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The cache's key behaviours with {@code cache.storage: direct}: bodies in pooled direct memory,
 * served byte for byte, in ranges, to HEAD, refreshed by a 304, and purged while hits are writing
 * them (paranoid leak detection fails the build on a body that is never released).
 */
@Timeout(120)
class CacheDirectStorageIT {

  static final String DIRECT =
      """
      cache:
        maxSize: 1Mi
        maxObjectSize: 64Ki
        coalesceTimeout: 5s
        storage: direct
      """;

  static CacheHarness h;
  static final byte[] BINARY = new byte[40_000];

  @BeforeAll
  static void start() throws Exception {
    new Random(23).nextBytes(BINARY);
    h = new CacheHarness(CacheHarness.TOKEN, DIRECT + CacheHarness.ROUTES);
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  @BeforeEach
  void reset() {
    // A purge drops answers requested at or before it (RFC 9111 §4.4): move on from the last one.
    h.clock.advance(Duration.ofSeconds(1));
    h.origin.resetAll();
  }

  private static HttpResponse<byte[]> bytes(String path, String... headers) throws Exception {
    HttpRequest.Builder b = h.request(path).GET();
    if (headers.length > 0) {
      b.headers(headers);
    }
    return h.client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  @DisplayName("a hit from direct memory is byte-identical to the origin's answer")
  void hitsAreByteIdentical() throws Exception {
    h.origin.stubFor(get(urlEqualTo("/static/bin")).willReturn(aResponse().withBody(BINARY)));
    HttpResponse<byte[]> miss = bytes("/static/bin");
    assertThat(miss.headers().firstValue("x-cache")).hasValue("MISS");
    for (int i = 0; i < 3; i++) {
      HttpResponse<byte[]> hit = bytes("/static/bin");
      assertThat(hit.headers().firstValue("x-cache")).hasValue("HIT");
      assertThat(hit.body()).isEqualTo(BINARY);
    }
    h.origin.verify(1, getRequestedFor(urlEqualTo("/static/bin")));
  }

  @Test
  @DisplayName("RFC 9110 §14: a range of a direct body is the exact slice of it")
  void rangesAreSlicesOfTheStoredBody() throws Exception {
    h.origin.stubFor(get(urlEqualTo("/static/ranged")).willReturn(aResponse().withBody(BINARY)));
    bytes("/static/ranged");
    HttpResponse<byte[]> part = bytes("/static/ranged", "Range", "bytes=1000-1999");
    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(part.headers().firstValue("content-range")).hasValue("bytes 1000-1999/40000");
    assertThat(part.body()).isEqualTo(Arrays.copyOfRange(BINARY, 1000, 2000));
    HttpResponse<byte[]> tail = bytes("/static/ranged", "Range", "bytes=-10");
    assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(BINARY, 39_990, 40_000));
  }

  @Test
  @DisplayName("a HEAD hit says the direct body's length and sends no body")
  void headHitsSendTheLengthOnly() throws Exception {
    h.origin.stubFor(get(urlEqualTo("/static/head")).willReturn(aResponse().withBody(BINARY)));
    bytes("/static/head");
    HttpResponse<byte[]> head =
        h.client.send(
            h.request("/static/head").method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("x-cache")).hasValue("HIT");
    assertThat(head.headers().firstValue("content-length")).hasValue("40000");
    assertThat(head.body()).isEmpty();
  }

  @Test
  @DisplayName("RFC 9111 §4.3.4: a 304 refreshes the entry, which keeps serving the same body")
  void notModifiedKeepsTheDirectBody() throws Exception {
    h.origin.stubFor(
        get(urlEqualTo("/r/direct"))
            .willReturn(
                aResponse()
                    .withBody(BINARY)
                    .withHeader("Cache-Control", "max-age=1")
                    .withHeader("ETag", "\"d\"")));
    bytes("/r/direct");
    h.clock.advance(Duration.ofSeconds(5));
    h.origin.stubFor(
        get(urlEqualTo("/r/direct"))
            .withHeader("If-None-Match", equalTo("\"d\""))
            .willReturn(
                aResponse()
                    .withStatus(304)
                    .withHeader("Cache-Control", "max-age=60")
                    .withHeader("ETag", "\"d\"")));
    HttpResponse<byte[]> refreshed = bytes("/r/direct");
    assertThat(refreshed.statusCode()).isEqualTo(200);
    assertThat(refreshed.headers().firstValue("cache-status"))
        .hasValue("mcp-edge; fwd=stale; fwd-status=304");
    assertThat(refreshed.body()).isEqualTo(BINARY);
    HttpResponse<byte[]> hit = bytes("/r/direct");
    assertThat(hit.headers().firstValue("cache-status").orElseThrow()).startsWith("mcp-edge; hit");
    assertThat(hit.body()).isEqualTo(BINARY);
    h.origin.verify(2, getRequestedFor(urlEqualTo("/r/direct")));
  }

  @Test
  @DisplayName("purges while hits write the body: every answer is whole, nothing leaks")
  void purgesUnderConcurrentHits() throws Exception {
    h.origin.stubFor(get(urlEqualTo("/static/hot")).willReturn(aResponse().withBody(BINARY)));
    bytes("/static/hot");
    List<CompletableFuture<HttpResponse<byte[]>>> answers = new ArrayList<>();
    HttpRequest hot = h.request("/static/hot").GET().build();
    HttpRequest purge =
        h.request("/static/hot")
            .method("PURGE", HttpRequest.BodyPublishers.noBody())
            .header("Authorization", "Bearer " + CacheHarness.TOKEN)
            .build();
    for (int round = 0; round < 40; round++) {
      for (int i = 0; i < 8; i++) {
        answers.add(h.client.sendAsync(hot, HttpResponse.BodyHandlers.ofByteArray()));
      }
      assertThat(h.client.send(purge, HttpResponse.BodyHandlers.discarding()).statusCode())
          .isBetween(200, 404);
      h.clock.advance(Duration.ofMillis(10));
    }
    CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    for (CompletableFuture<HttpResponse<byte[]>> f : answers) {
      HttpResponse<byte[]> res = f.join();
      assertThat(res.statusCode()).isEqualTo(200);
      assertThat(res.body()).isEqualTo(BINARY);
    }
    // Purged entries freed their bodies; what is stored now is still served whole.
    assertThat(bytes("/static/hot").body()).isEqualTo(BINARY);
  }
}
