package io.mcpedge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpedge.cache.http.Fields;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CacheUpdatesTest {

  private final TestCache t = new TestCache();

  private LookupResult storeStale(String... extra) {
    String[] headers = new String[extra.length + 6];
    System.arraycopy(
        new String[] {"Cache-Control", "max-age=10", "ETag", "\"v1\"", "X-Test", "old"},
        0,
        headers,
        0,
        6);
    System.arraycopy(extra, 0, headers, 6, extra.length);
    t.fetch(TestCache.RFC, TestCache.get("/r"), 200, headers);
    t.clock.advanceSeconds(20);
    LookupResult r = t.lookup(TestCache.RFC, TestCache.get("/r"));
    assertThat(r.decision()).isEqualTo(Decision.MUST_REVALIDATE);
    return r;
  }

  @Test
  @DisplayName("RFC 9111 §4.3.4: a 304 replaces stored headers and makes the entry fresh")
  void notModifiedUpdates() {
    LookupResult r = storeStale("Content-Type", "text/plain");
    StoredResponse updated =
        t.cache
            .updates()
            .revalidated(
                r,
                Fields.of(
                    "ETag",
                    "\"v1\"",
                    "Cache-Control",
                    "max-age=100",
                    "X-Test",
                    "new",
                    "Date",
                    t.date(0),
                    "Content-Length",
                    "0",
                    "Connection",
                    "close"),
                t.clock.millis());
    assertThat(updated).isNotNull();
    assertThat(updated.headers().get("x-test")).isEqualTo("new");
    assertThat(updated.headers().getAll("x-test")).hasSize(1);
    assertThat(updated.headers().get("content-type")).isEqualTo("text/plain");
    assertThat(updated.headers().contains("content-length")).isFalse();
    assertThat(updated.headers().contains("connection")).isFalse();
    assertThat(updated.body()).isSameAs(r.entry().body());
    LookupResult again = t.lookup(TestCache.RFC, TestCache.get("/r"));
    assertThat(again.decision()).isEqualTo(Decision.FRESH_HIT);
    assertThat(again.entry().headers().get("x-test")).isEqualTo("new");
    assertThat(again.ageSeconds()).isZero();
  }

  @Test
  @DisplayName("RFC 9111 §4.3.4: a 304's Age counts towards the updated entry's age")
  void notModifiedAge() {
    LookupResult r = storeStale();
    t.cache
        .updates()
        .revalidated(
            r,
            Fields.of("ETag", "\"v1\"", "Age", "30", "Cache-Control", "max-age=100"),
            t.clock.millis());
    assertThat(t.lookup(TestCache.RFC, TestCache.get("/r")).ageSeconds()).isEqualTo(30);
  }

  @Test
  @DisplayName("RFC 9111 §4.3.4: a 304 with another strong validator updates nothing")
  void notModifiedMismatch() {
    LookupResult r = storeStale();
    assertThat(
            t.cache
                .updates()
                .revalidated(
                    r,
                    Fields.of("ETag", "\"v2\"", "Cache-Control", "max-age=100"),
                    t.clock.millis()))
        .isNull();
    assertThat(t.lookup(TestCache.RFC, TestCache.get("/r")).decision())
        .isEqualTo(Decision.MUST_REVALIDATE);
  }

  @Test
  @DisplayName("RFC 9111 §4.3.4: a 304 with no-store removes the entry but answers this request")
  void notModifiedNoStore() {
    LookupResult r = storeStale();
    StoredResponse updated =
        t.cache
            .updates()
            .revalidated(
                r, Fields.of("ETag", "\"v1\"", "Cache-Control", "no-store"), t.clock.millis());
    assertThat(updated).isNotNull();
    assertThat(t.lookup(TestCache.RFC, TestCache.get("/r")).decision()).isEqualTo(Decision.MISS);
  }

  @Test
  @DisplayName("RFC 9111 §4.3.5: a HEAD with equal validators freshens the stored GET")
  void headFreshens() {
    storeStale();
    LookupResult head = t.lookup(TestCache.RFC, TestCache.request("HEAD", "/r"));
    t.cache
        .updates()
        .freshenWithHead(
            head,
            200,
            Fields.of(
                "ETag",
                "\"v1\"",
                "Cache-Control",
                "max-age=100",
                "Content-Length",
                "4",
                "X-Test",
                "head"),
            t.clock.millis());
    LookupResult get = t.lookup(TestCache.RFC, TestCache.get("/r"));
    assertThat(get.decision()).isEqualTo(Decision.FRESH_HIT);
    assertThat(get.entry().headers().get("x-test")).isEqualTo("head");
  }

  @Test
  @DisplayName("RFC 9111 §4.3.5: a HEAD showing another representation invalidates the entry")
  void headInvalidates() {
    storeStale();
    LookupResult head = t.lookup(TestCache.RFC, TestCache.request("HEAD", "/r"));
    t.cache
        .updates()
        .freshenWithHead(
            head,
            200,
            Fields.of("ETag", "\"v2\"", "Cache-Control", "max-age=100"),
            t.clock.millis());
    assertThat(t.lookup(TestCache.RFC, TestCache.get("/r")).decision()).isEqualTo(Decision.MISS);
  }

  @Test
  @DisplayName("a refused answer opens no writer and a 200 after revalidation replaces the entry")
  void writerOnlyForStorable() {
    LookupResult r = storeStale();
    assertThat(t.cache.updates().openWriter(r, 503, Fields.of(), t.clock.millis())).isNull();
    assertThat(t.cache.updates().decide(r, 503, Fields.of()).reason()).isEqualTo("status");
    StoreWriter w =
        t.cache
            .updates()
            .openWriter(
                r,
                200,
                Fields.of("Cache-Control", "max-age=100", "ETag", "\"v2\""),
                t.clock.millis());
    byte[] b = "new body".getBytes(StandardCharsets.UTF_8);
    w.append(b, 0, b.length);
    w.commit();
    LookupResult again = t.lookup(TestCache.RFC, TestCache.get("/r"));
    assertThat(again.decision()).isEqualTo(Decision.FRESH_HIT);
    assertThat(again.entry().etag()).isEqualTo("\"v2\"");
  }

  static Stream<Arguments> invalidations() {
    return Stream.of(
        Arguments.of(
            "POST 200 invalidates the target",
            "POST",
            200,
            null,
            null,
            List.of("http://example.com/r")),
        Arguments.of("PUT 204", "PUT", 204, null, null, List.of("http://example.com/r")),
        Arguments.of("DELETE 302", "DELETE", 302, null, null, List.of("http://example.com/r")),
        Arguments.of("PATCH 404 is an error", "PATCH", 404, null, null, List.of()),
        Arguments.of("POST 500 is an error", "POST", 500, null, null, List.of()),
        Arguments.of("GET is safe", "GET", 200, null, null, List.of()),
        Arguments.of("OPTIONS is safe", "OPTIONS", 200, null, null, List.of()),
        Arguments.of(
            "unknown methods are unsafe",
            "PURGEX",
            200,
            null,
            null,
            List.of("http://example.com/r")),
        Arguments.of(
            "relative Location",
            "POST",
            201,
            "/other",
            null,
            List.of("http://example.com/r", "http://example.com/other")),
        Arguments.of(
            "relative path Location",
            "POST",
            201,
            "x?y=1",
            null,
            List.of("http://example.com/r", "http://example.com/x?y=1")),
        Arguments.of(
            "absolute same-origin Content-Location",
            "PUT",
            200,
            null,
            "http://EXAMPLE.com:80/c",
            List.of("http://example.com/r", "http://example.com/c")),
        Arguments.of(
            "other origin ignored",
            "POST",
            201,
            "http://evil.example/x",
            "https://example.com/x",
            List.of("http://example.com/r")),
        Arguments.of(
            "other port ignored",
            "POST",
            201,
            "http://example.com:8080/x",
            null,
            List.of("http://example.com/r")),
        Arguments.of(
            "bad reference ignored",
            "POST",
            201,
            "http://[bad",
            null,
            List.of("http://example.com/r")));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("invalidations")
  @DisplayName("RFC 9111 §4.4: invalidation by unsafe methods")
  void invalidation(
      String name,
      String method,
      int status,
      String location,
      String contentLocation,
      List<String> expected) {
    assertThat(
            Invalidation.targets(
                TestCache.request(method, "/r"), status, location, contentLocation))
        .isEqualTo(expected);
  }

  @Test
  @DisplayName("RFC 9111 §4.4: an unsafe request removes the target and its Location")
  void invalidateAfterRemovesEntries() {
    t.fetch(TestCache.RFC, TestCache.get("/r"), 200, "Cache-Control", "max-age=100");
    t.fetch(TestCache.RFC, TestCache.get("/loc"), 200, "Cache-Control", "max-age=100");
    t.fetch(TestCache.RFC, TestCache.get("/keep"), 200, "Cache-Control", "max-age=100");
    t.cache
        .updates()
        .invalidateAfter(TestCache.request("POST", "/r"), 201, Fields.of("Location", "/loc"));
    assertThat(t.lookup(TestCache.RFC, TestCache.get("/r")).decision()).isEqualTo(Decision.MISS);
    assertThat(t.lookup(TestCache.RFC, TestCache.get("/loc")).decision()).isEqualTo(Decision.MISS);
    assertThat(t.lookup(TestCache.RFC, TestCache.get("/keep")).decision())
        .isEqualTo(Decision.FRESH_HIT);
  }

  @Test
  @DisplayName("RFC 9111 §4.4: an answer in flight during an invalidation is not stored")
  void inFlightAnswerLosesToInvalidation() {
    LookupResult miss = t.lookup(TestCache.RFC, TestCache.get("/race"));
    long sent = t.clock.millis();
    t.clock.advanceSeconds(1);
    t.cache.updates().invalidateAfter(TestCache.request("DELETE", "/race"), 204, Fields.of());
    StoreWriter w =
        t.cache.updates().openWriter(miss, 200, t.withDate("Cache-Control", "max-age=100"), sent);
    w.append(new byte[3], 0, 3);
    assertThat(w.commit()).isNull();
    assertThat(t.lookup(TestCache.RFC, TestCache.get("/race")).decision()).isEqualTo(Decision.MISS);
    // a request sent after the invalidation stores normally
    t.clock.advanceSeconds(1);
    StoreWriter later =
        t.cache
            .updates()
            .openWriter(miss, 200, t.withDate("Cache-Control", "max-age=100"), t.clock.millis());
    later.append(new byte[3], 0, 3);
    assertThat(later.commit()).isNotNull();
    assertThat(t.lookup(TestCache.RFC, TestCache.get("/race")).decision())
        .isEqualTo(Decision.FRESH_HIT);
  }
}
