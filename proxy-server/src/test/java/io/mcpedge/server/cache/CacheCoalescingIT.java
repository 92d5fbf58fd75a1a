package io.mcpedge.server.cache;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Concurrent misses of one key collapse into one upstream request. */
class CacheCoalescingIT {

  static CacheHarness h;

  @BeforeAll
  static void start() throws Exception {
    h = new CacheHarness(CacheHarness.TOKEN);
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  private static List<HttpResponse<String>> concurrently(String path, int n) throws Exception {
    List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      all.add(
          h.client.sendAsync(h.request(path).GET().build(), HttpResponse.BodyHandlers.ofString()));
    }
    CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).get(40, TimeUnit.SECONDS);
    List<HttpResponse<String>> out = new ArrayList<>(n);
    for (CompletableFuture<HttpResponse<String>> f : all) {
      out.add(f.join());
    }
    return out;
  }

  @Test
  @DisplayName("a stampede of 500 concurrent misses reaches the origin once")
  void stampede() throws Exception {
    h.origin.stubFor(
        get(urlEqualTo("/r/stampede"))
            .willReturn(
                aResponse()
                    .withBody("popular")
                    .withFixedDelay(1500)
                    .withHeader("Cache-Control", "max-age=60")));
    List<HttpResponse<String>> res = concurrently("/r/stampede", 500);
    assertThat(res).allSatisfy(r -> assertThat(r.body()).isEqualTo("popular"));
    long collapsed =
        res.stream()
            .filter(r -> r.headers().firstValue("cache-status").orElse("").endsWith("collapsed"))
            .count();
    assertThat(collapsed).isGreaterThan(0);
    h.origin.verify(1, getRequestedFor(urlEqualTo("/r/stampede")));
    // Each collapsed answer is one coalesced waiter in the metrics (counted as its exchange ends).
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                h.server
                        .meterRegistry()
                        .get("edge.cache.requests")
                        .tag("route", "rfc")
                        .tag("result", "coalesced")
                        .counter()
                        .count()
                    == collapsed);
  }

  @Test
  @DisplayName("an uncacheable answer sends the waiters upstream themselves")
  void uncacheableReleasesWaiters() throws Exception {
    h.origin.stubFor(
        get(urlEqualTo("/r/private"))
            .willReturn(
                aResponse()
                    .withBody("per user")
                    .withFixedDelay(500)
                    .withHeader("Cache-Control", "private")));
    List<HttpResponse<String>> res = concurrently("/r/private", 8);
    assertThat(res).allSatisfy(r -> assertThat(r.body()).isEqualTo("per user"));
    h.origin.verify(8, getRequestedFor(urlEqualTo("/r/private")));
  }
}
