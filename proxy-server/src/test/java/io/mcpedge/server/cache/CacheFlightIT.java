package io.mcpedge.server.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpedge.server.cache.ScriptedOrigin.Reply;
import io.mcpedge.server.testsupport.ManualClock;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Coalesced misses whose leader or followers time out, go away or lose their answer to an
 * invalidation; revalidation corner cases (a 304 with other validators, HEAD); Cache-Status for
 * bodies of unknown length; hits over HTTP/2. Each test starts its own proxy in front of a {@link
 * ScriptedOrigin}, which can hold an answer until the test releases it.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CacheFlightIT {

  private static String config(String coalesceTimeout) {
    return """
        cache:
          maxSize: 1Mi
          maxObjectSize: 64Ki
          coalesceTimeout: %s
        routes:
          - name: rfc
            match: { path: { type: PathPrefix, value: /r/ } }
            upstream: origin
            cache: { mode: rfc9111 }
        """
        .formatted(coalesceTimeout);
  }

  private static Reply fresh(String body, String... headers) {
    List<String[]> h = new java.util.ArrayList<>();
    h.add(new String[] {"Cache-Control", "max-age=60"});
    for (int i = 0; i < headers.length; i += 2) {
      h.add(new String[] {headers[i], headers[i + 1]});
    }
    return new Reply(200, h, body);
  }

  private static CompletableFuture<HttpResponse<String>> sendAsync(ScriptedEdge e, String path) {
    return e.client.sendAsync(e.request(path).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A client that sends a GET on a raw socket and can go away before the answer. */
  private static Socket rawGet(ScriptedEdge e, String path) throws Exception {
    Socket s = new Socket("127.0.0.1", e.base.getPort());
    OutputStream out = s.getOutputStream();
    out.write(
        ("GET " + path + " HTTP/1.1\r\nHost: " + e.base.getAuthority() + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return s;
  }

  private static String cacheStatus(HttpResponse<?> r) {
    return r.headers().firstValue("cache-status").orElse("");
  }

  @Test
  @DisplayName("a follower stops waiting after coalesceTimeout and goes upstream itself")
  void followerTimesOut() throws Exception {
    ManualClock time = new ManualClock();
    // Longer than the test's awaits: only the manual clock can end the wait.
    try (ScriptedEdge e = new ScriptedEdge(config("30s"), time)) {
      e.origin.script("/r/slow", fresh("v"));
      CompletableFuture<Void> release = e.origin.holdNext("/r/slow");
      var leader = sendAsync(e, "/r/slow");
      await().until(() -> e.origin.seen("/r/slow").size() == 1);
      var waiting = sendAsync(e, "/r/slow");
      await().until(() -> e.stat("waiting") == 1);
      time.advance(Duration.ofSeconds(30).minusNanos(1));
      assertThat(e.stat("waiting")).isEqualTo(1);
      assertThat(e.origin.seen("/r/slow")).hasSize(1);
      time.advance(Duration.ofNanos(1));
      HttpResponse<String> follower = waiting.get(10, TimeUnit.SECONDS);
      assertThat(follower.statusCode()).isEqualTo(200);
      assertThat(follower.body()).isEqualTo("v");
      assertThat(cacheStatus(follower)).doesNotContain("collapsed");
      assertThat(e.origin.seen("/r/slow")).hasSize(2);
      assertThat(leader).isNotDone();
      release.complete(null);
      assertThat(leader.get(10, TimeUnit.SECONDS).body()).isEqualTo("v");
    }
  }

  @Test
  @DisplayName("the leader's client going away does not leave its followers waiting")
  void leaderClientGoesAway() throws Exception {
    try (ScriptedEdge e = new ScriptedEdge(config("60s"))) {
      e.origin.script("/r/away", fresh("kept"));
      CompletableFuture<Void> release = e.origin.holdNext("/r/away");
      Socket leader = rawGet(e, "/r/away");
      await().until(() -> e.origin.seen("/r/away").size() == 1);
      var follower = sendAsync(e, "/r/away");
      await().until(() -> e.stat("waiting") == 1);
      leader.close();
      HttpResponse<String> res = follower.get(10, TimeUnit.SECONDS);
      assertThat(res.statusCode()).isEqualTo(200);
      assertThat(res.body()).isEqualTo("kept");
      release.complete(null);
      await().until(() -> e.stat("inFlight") == 0);
    }
  }

  @Test
  @DisplayName("a follower whose client goes away stops waiting; the leader still stores")
  void followerClientGoesAway() throws Exception {
    try (ScriptedEdge e = new ScriptedEdge(config("60s"))) {
      e.origin.script("/r/gone", fresh("stored"));
      CompletableFuture<Void> release = e.origin.holdNext("/r/gone");
      var leader = sendAsync(e, "/r/gone");
      await().until(() -> e.origin.seen("/r/gone").size() == 1);
      Socket follower = rawGet(e, "/r/gone");
      await().until(() -> e.stat("waiting") == 1);
      follower.close();
      await().until(() -> e.stat("waiting") == 0);
      release.complete(null);
      assertThat(leader.get(10, TimeUnit.SECONDS).body()).isEqualTo("stored");
      HttpResponse<String> hit = e.get("/r/gone");
      assertThat(hit.headers().firstValue("x-cache")).hasValue("HIT");
      assertThat(e.origin.seen("/r/gone")).hasSize(1);
    }
  }

  @Test
  @DisplayName("RFC 9111 §4.4: an answer invalidated in flight is not stored; waiters refetch")
  void invalidatedInFlight() throws Exception {
    try (ScriptedEdge e = new ScriptedEdge(config("60s"))) {
      e.origin.script("/r/inv", fresh("after"));
      e.origin.scriptOnce("/r/inv", fresh("before"));
      CompletableFuture<Void> release = e.origin.holdNext("/r/inv");
      var leader = sendAsync(e, "/r/inv");
      await().until(() -> e.origin.seen("/r/inv").size() == 1);
      var follower = sendAsync(e, "/r/inv");
      await().until(() -> e.stat("waiting") == 1);
      HttpResponse<String> post =
          e.client.send(
              e.request("/r/inv").POST(HttpRequest.BodyPublishers.ofString("x")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).isEqualTo(200);
      // Requests sent in the same millisecond as an invalidation count as before it.
      e.clock.advance(Duration.ofMillis(1));
      release.complete(null);
      assertThat(leader.get(10, TimeUnit.SECONDS).body()).isEqualTo("before");
      HttpResponse<String> waited = follower.get(10, TimeUnit.SECONDS);
      assertThat(waited.body()).isEqualTo("after");
      assertThat(cacheStatus(waited)).doesNotContain("collapsed");
      HttpResponse<String> next = e.get("/r/inv");
      assertThat(next.body()).isEqualTo("after");
      assertThat(next.headers().firstValue("x-cache")).hasValue("HIT");
      assertThat(e.origin.seen("/r/inv")).hasSize(3);
    }
  }

  @Test
  @DisplayName("RFC 9211: Cache-Status claims stored only for a body whose declared length fits")
  void unknownLengthNotClaimedStored() throws Exception {
    try (ScriptedEdge e = new ScriptedEdge(config("5s"))) {
      e.origin.script("/r/big", fresh("x".repeat(100 * 1024), "Transfer-Encoding", "chunked"));
      e.origin.script("/r/small", fresh("small", "Transfer-Encoding", "chunked"));
      e.origin.script("/r/sized", fresh("sized"));
      HttpResponse<String> big = e.get("/r/big");
      assertThat(big.body()).hasSize(100 * 1024);
      assertThat(cacheStatus(big)).isEqualTo("mcp-edge; fwd=uri-miss; fwd-status=200");
      assertThat(e.get("/r/big").headers().firstValue("x-cache")).hasValue("MISS");
      assertThat(cacheStatus(e.get("/r/small"))).doesNotContain("stored");
      assertThat(e.get("/r/small").headers().firstValue("x-cache")).hasValue("HIT");
      assertThat(cacheStatus(e.get("/r/sized"))).endsWith("; stored");
    }
  }

  @Test
  @DisplayName(
      "RFC 9111 §4.3.4: a 304 with other validators is followed by an unconditional repeat")
  void repeatAfterMismatched304() throws Exception {
    try (ScriptedEdge e = new ScriptedEdge(config("5s"))) {
      e.origin.script(
          "/r/mm",
          new Reply(200, List.of(h("Cache-Control", "max-age=1"), h("ETag", "\"v1\"")), "one"));
      assertThat(e.get("/r/mm").body()).isEqualTo("one");
      e.clock.advance(Duration.ofSeconds(5));
      e.origin.scriptOnce(
          "/r/mm",
          new Reply(304, List.of(h("ETag", "\"v2\""), h("Cache-Control", "max-age=60")), ""));
      e.origin.script("/r/mm", fresh("two", "ETag", "\"v2\""));
      HttpResponse<String> res = e.get("/r/mm");
      assertThat(res.statusCode()).isEqualTo(200);
      assertThat(res.body()).isEqualTo("two");
      List<ScriptedOrigin.Seen> seen = e.origin.seen("/r/mm");
      assertThat(seen).hasSize(3);
      assertThat(seen.get(1).header("if-none-match")).isEqualTo("\"v1\"");
      assertThat(seen.get(2).header("if-none-match")).isNull();
      HttpResponse<String> hit = e.get("/r/mm");
      assertThat(hit.body()).isEqualTo("two");
      assertThat(hit.headers().firstValue("x-cache")).hasValue("HIT");
    }
  }

  @Test
  @DisplayName("a HEAD on a stale entry revalidates with a GET (as Varnish), which updates it")
  void headRefreshesStoredGet() throws Exception {
    try (ScriptedEdge e = new ScriptedEdge(config("5s"))) {
      e.origin.script(
          "/r/head",
          new Reply(
              200,
              List.of(h("Cache-Control", "max-age=1"), h("ETag", "\"h\""), h("X-Version", "1")),
              "body"));
      e.get("/r/head");
      e.clock.advance(Duration.ofSeconds(5));
      e.origin.script("/r/head", fresh("body", "ETag", "\"h\"", "X-Version", "2"));
      HttpResponse<String> head =
          e.client.send(
              e.request("/r/head").method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(head.statusCode()).isEqualTo(200);
      assertThat(e.origin.seen("/r/head")).hasSize(2);
      // The gateway answers HEAD with 405: the cache asks with GET, as for a miss.
      assertThat(e.origin.seen("/r/head").get(1).method()).isEqualTo("GET");
      HttpResponse<String> hit = e.get("/r/head");
      assertThat(hit.headers().firstValue("x-cache")).hasValue("HIT");
      assertThat(hit.headers().firstValue("x-version")).hasValue("2");
      assertThat(hit.body()).isEqualTo("body");
      assertThat(e.origin.seen("/r/head")).hasSize(2);
    }
  }

  @Test
  @DisplayName("an HTTP/2 client (h2c upgrade) gets hits, with Age and Content-Length")
  void http2ClientGetsHits() throws Exception {
    try (ScriptedEdge e = new ScriptedEdge(config("5s"))) {
      e.origin.script("/r/h2", fresh("over h2"));
      HttpClient h2 =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_2)
              .connectTimeout(Duration.ofSeconds(5))
              .build();
      HttpResponse<String> first =
          h2.send(e.request("/r/h2").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(first.body()).isEqualTo("over h2");
      e.clock.advance(Duration.ofSeconds(2));
      for (int i = 0; i < 2; i++) {
        HttpResponse<String> hit =
            h2.send(e.request("/r/h2").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(hit.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(hit.body()).isEqualTo("over h2");
        assertThat(hit.headers().firstValue("x-cache")).hasValue("HIT");
        assertThat(hit.headers().firstValue("age")).hasValue("2");
        assertThat(hit.headers().firstValue("content-length")).hasValue("7");
      }
      assertThat(e.origin.seen("/r/h2")).hasSize(1);
    }
  }

  private static String[] h(String name, String value) {
    return new String[] {name, value};
  }
}
