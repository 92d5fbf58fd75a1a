package io.mcpedge.server.cache;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The built-in configuration's write routes in front of a gateway-like origin: a successful write
 * to an entity kind drops everybody's cached reads of that kind ({@code cache.invalidates}), which
 * RFC 9111 §4.4 alone does not, since lists live at other URIs than their items.
 */
@Timeout(60)
class CacheWritesIT {

  static final List<String> USERS = List.of("alice", "bob");

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
    h.clock.advance(Duration.ofMinutes(10)); // past the 5 min of api-reads
    h.origin.resetAll();
  }

  /** The gateway's answer to a list read: per user, and marked as not for shared caches. */
  void list(String path, String version) {
    for (String who : USERS) {
      h.origin.stubFor(
          get(urlEqualTo(path))
              .withHeader("Authorization", equalTo("Bearer " + who))
              .willReturn(
                  aResponse()
                      .withBody(path + " " + version + " for " + who)
                      .withHeader("Cache-Control", "no-store, private")
                      .withHeader("Vary", "Authorization")));
    }
  }

  HttpResponse<String> read(String path, String who) throws Exception {
    return h.get(path, "Authorization", "Bearer " + who);
  }

  HttpResponse<String> write(String method, String path) throws Exception {
    return h.send(
        h.request(path)
            .header("Authorization", "Bearer alice")
            .method(method, HttpRequest.BodyPublishers.ofString("{}"))
            .build());
  }

  @Test
  @DisplayName("DELETE /servers/{id} makes GET /servers fresh for every credential")
  void deleteOfAnItemDropsTheList() throws Exception {
    h.origin.stubFor(delete(urlEqualTo("/servers/1")).willReturn(aResponse().withStatus(204)));
    list("/servers", "v1");
    for (String who : USERS) {
      assertThat(read("/servers", who).body()).isEqualTo("/servers v1 for " + who);
    }
    list("/servers", "v2");
    for (String who : USERS) {
      HttpResponse<String> before = read("/servers", who);
      assertThat(before.body()).as("stale before the write").isEqualTo("/servers v1 for " + who);
      assertThat(before.headers().firstValue("x-cache")).hasValue("HIT");
    }
    assertThat(write("DELETE", "/servers/1").statusCode()).isEqualTo(204);
    for (String who : USERS) {
      HttpResponse<String> after = read("/servers", who);
      assertThat(after.body()).as("fresh after the write").isEqualTo("/servers v2 for " + who);
      assertThat(after.headers().firstValue("x-cache")).hasValue("MISS");
    }
  }

  @Test
  @DisplayName("PUT /v1/tools/{id} and the admin UI's writes drop both forms of the tool list")
  void apiAndAdminWritesDropBothForms() throws Exception {
    h.origin.stubFor(put(urlEqualTo("/v1/tools/7")).willReturn(aResponse().withStatus(200)));
    h.origin.stubFor(
        post(urlEqualTo("/admin/tools/7/delete"))
            .willReturn(aResponse().withStatus(303).withHeader("Location", "/admin#tools")));
    for (String write : List.of("PUT /v1/tools/7", "POST /admin/tools/7/delete")) {
      list("/tools", "v1");
      list("/v1/tools", "v1");
      list("/servers", "v1");
      for (String who : USERS) {
        read("/tools", who);
        read("/v1/tools", who);
        read("/servers", who);
      }
      list("/tools", "v2");
      list("/v1/tools", "v2");
      list("/servers", "v2");
      String[] mp = write.split(" ");
      assertThat(write(mp[0], mp[1]).statusCode()).isBetween(200, 399);
      for (String who : USERS) {
        assertThat(read("/tools", who).body()).as(write).isEqualTo("/tools v2 for " + who);
        assertThat(read("/v1/tools", who).body()).as(write).isEqualTo("/v1/tools v2 for " + who);
        assertThat(read("/servers", who).body())
            .as("another kind stays cached after " + write)
            .isEqualTo("/servers v1 for " + who);
      }
      h.clock.advance(Duration.ofMinutes(10));
    }
  }

  @Test
  @DisplayName("RFC 9111 §4.4: a refused write drops nothing")
  void failedWriteKeepsTheList() throws Exception {
    h.origin.stubFor(delete(urlEqualTo("/servers/1")).willReturn(aResponse().withStatus(403)));
    list("/servers", "v1");
    read("/servers", "alice");
    assertThat(write("DELETE", "/servers/1").statusCode()).isEqualTo(403);
    assertThat(read("/servers", "alice").headers().firstValue("x-cache")).hasValue("HIT");
    h.origin.verify(1, getRequestedFor(urlEqualTo("/servers")));
  }
}
