package io.mcpedge.server.cache;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Hits written from the event loop's direct copies of stored bodies, with a budget small enough
 * that serving twenty bodies in turn pushes copies out while others are written.
 */
class DirectBodiesIT {

  /** 16 KiB of copies per event loop: bodies up to 2 KiB are copied, about ten at a time. */
  static final String CACHE =
      """
      cache:
        maxSize: 1Mi
        maxObjectSize: 64Ki
        coalesceTimeout: 5s
        directBodyMemory: 16Ki
      """;

  static CacheHarness h;

  @BeforeAll
  static void start() throws Exception {
    h = new CacheHarness(CacheHarness.TOKEN, CACHE + CacheHarness.ROUTES);
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  private static String body(int i, int size) {
    StringBuilder b = new StringBuilder(size);
    while (b.length() < size) {
      b.append("body ").append(i).append(' ');
    }
    return b.substring(0, size);
  }

  @Test
  @DisplayName("every hit carries its own body while copies are made and pushed out")
  void hitsStayCorrectAcrossEvictions() throws Exception {
    int n = 20;
    for (int i = 0; i < n; i++) {
      h.origin.stubFor(
          get(urlEqualTo("/static/d" + i))
              .willReturn(aResponse().withStatus(200).withBody(body(i, 1500 + i))));
    }
    // A larger body than the budget allows to copy is wrapped as it is.
    h.origin.stubFor(
        get(urlEqualTo("/static/large")).willReturn(aResponse().withBody(body(99, 9000))));
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < n; i++) {
        HttpResponse<String> res = h.get("/static/d" + i);
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).isEqualTo(body(i, 1500 + i));
        assertThat(res.headers().firstValue("x-cache")).hasValue(round == 0 ? "MISS" : "HIT");
      }
      HttpResponse<String> large = h.get("/static/large");
      assertThat(large.body()).isEqualTo(body(99, 9000));
    }
    HttpResponse<String> part = h.get("/static/d7", "Range", "bytes=5-9");
    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(part.body()).isEqualTo(body(7, 1507).substring(5, 10));
    HttpResponse<Void> head =
        h.client.send(
            h.request("/static/d3").method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(head.headers().firstValue("content-length")).hasValue("1503");
    for (int i = 0; i < n; i++) {
      h.origin.verify(1, getRequestedFor(urlEqualTo("/static/d" + i)));
    }
  }
}
