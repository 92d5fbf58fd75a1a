package io.mcpedge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HitResponderTest {

  private static final String LM = "Sun, 06 Nov 1994 08:49:37 GMT";
  private static final String BEFORE_LM = "Sat, 05 Nov 1994 08:49:37 GMT";
  private static final String AFTER_LM = "Mon, 07 Nov 1994 08:49:37 GMT";

  private static Delivery deliver(String... requestHeaders) {
    return deliverMethod("GET", requestHeaders);
  }

  private static Delivery deliverMethod(String method, String... requestHeaders) {
    TestCache t = new TestCache();
    t.fetchBody(
        TestCache.RFC,
        TestCache.get("/r"),
        200,
        "0123456789",
        "Cache-Control",
        "max-age=60",
        "ETag",
        "\"v1\"",
        "Last-Modified",
        LM,
        "Content-Type",
        "text/plain",
        "Content-Length",
        "10");
    LookupResult r = t.lookup(TestCache.RFC, TestCache.request(method, "/r", requestHeaders));
    assertThat(r.decision()).isEqualTo(Decision.FRESH_HIT);
    return HitResponder.respond(r);
  }

  static Stream<Arguments> conditionals() {
    return Stream.of(
        Arguments.of("If-None-Match equal", new String[] {"If-None-Match", "\"v1\""}, 304),
        Arguments.of(
            "If-None-Match weak comparison", new String[] {"If-None-Match", "W/\"v1\""}, 304),
        Arguments.of("If-None-Match list", new String[] {"If-None-Match", "\"x\", \"v1\""}, 304),
        Arguments.of("If-None-Match *", new String[] {"If-None-Match", "*"}, 304),
        Arguments.of("If-None-Match other", new String[] {"If-None-Match", "\"v2\""}, 200),
        Arguments.of("If-Modified-Since equal", new String[] {"If-Modified-Since", LM}, 304),
        Arguments.of("If-Modified-Since later", new String[] {"If-Modified-Since", AFTER_LM}, 304),
        Arguments.of(
            "If-Modified-Since earlier", new String[] {"If-Modified-Since", BEFORE_LM}, 200),
        Arguments.of("If-Modified-Since invalid", new String[] {"If-Modified-Since", "junk"}, 200),
        Arguments.of(
            "§13.2.2 If-None-Match wins over If-Modified-Since",
            new String[] {"If-None-Match", "\"v2\"", "If-Modified-Since", AFTER_LM},
            200));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("conditionals")
  @DisplayName("RFC 9110 §13.1.2, §13.1.3, §13.2.2: conditional GET against a fresh entry")
  void conditionalGet(String name, String[] headers, int status) {
    Delivery d = deliver(headers);
    assertThat(d.status()).isEqualTo(status);
    assertThat(d.includeBody()).isEqualTo(status == 200);
  }

  @Test
  @DisplayName("RFC 9110 §15.4.5: a 304 carries validators and caching fields, no content fields")
  void notModifiedHeaders() {
    Delivery d = deliver("If-None-Match", "\"v1\"");
    assertThat(d.headers().get("etag")).isEqualTo("\"v1\"");
    assertThat(d.headers().get("cache-control")).isEqualTo("max-age=60");
    assertThat(d.headers().contains("content-type")).isFalse();
    assertThat(d.usesStoredHeaders()).isFalse();
    assertThat(d.xCache()).isEqualTo("HIT");
  }

  @Test
  void plainHitUsesStoredHeadersWithoutContentLength() {
    Delivery d = deliver();
    assertThat(d.status()).isEqualTo(200);
    assertThat(d.usesStoredHeaders()).isTrue();
    assertThat(d.headers().contains("content-length")).isFalse();
    assertThat(d.offset()).isZero();
    assertThat(d.length()).isEqualTo(10);
    assertThat(d.contentRange()).isNull();
  }

  static Stream<Arguments> ranges() {
    return Stream.of(
        Arguments.of("bytes=0-3", 206, 0, 4, "bytes 0-3/10"),
        Arguments.of("bytes=2-", 206, 2, 8, "bytes 2-9/10"),
        Arguments.of("bytes=-3", 206, 7, 3, "bytes 7-9/10"),
        Arguments.of("bytes=-30", 206, 0, 10, "bytes 0-9/10"),
        Arguments.of("bytes=5-100", 206, 5, 5, "bytes 5-9/10"),
        Arguments.of("BYTES=9-9", 206, 9, 1, "bytes 9-9/10"),
        Arguments.of("bytes=10-", 416, 0, 0, "bytes */10"),
        Arguments.of("bytes=-0", 416, 0, 0, "bytes */10"),
        Arguments.of("bytes=0-1,4-5", 200, 0, 10, null),
        Arguments.of("bytes=5-2", 200, 0, 10, null),
        Arguments.of("items=0-1", 200, 0, 10, null),
        Arguments.of("bytes=a-b", 200, 0, 10, null));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("ranges")
  @DisplayName("RFC 9110 §14.1.2, §14.2, §15.3.7, §15.5.17: a range of a complete stored entry")
  void range(String range, int status, int offset, int length, String contentRange) {
    Delivery d = deliver("Range", range);
    assertThat(d.status()).isEqualTo(status);
    assertThat(d.offset()).isEqualTo(offset);
    assertThat(d.length()).isEqualTo(length);
    assertThat(d.contentRange()).isEqualTo(contentRange);
  }

  static Stream<Arguments> ifRanges() {
    return Stream.of(
        Arguments.of("\"v1\"", 206),
        Arguments.of("W/\"v1\"", 200),
        Arguments.of("\"v2\"", 200),
        Arguments.of(LM, 206),
        Arguments.of(AFTER_LM, 200),
        Arguments.of("garbage", 200));
  }

  @ParameterizedTest(name = "[{index}] If-Range: {0}")
  @MethodSource("ifRanges")
  @DisplayName("RFC 9110 §13.1.5: If-Range needs a strong match or the exact date")
  void ifRange(String ifRange, int status) {
    assertThat(deliver("Range", "bytes=0-1", "If-Range", ifRange).status()).isEqualTo(status);
  }

  @Test
  @DisplayName("RFC 9110 §14.2: Range is ignored for HEAD")
  void headIgnoresRange() {
    Delivery d = deliverMethod("HEAD", "Range", "bytes=0-1");
    assertThat(d.status()).isEqualTo(200);
    assertThat(d.includeBody()).isFalse();
  }

  @Test
  @DisplayName("RFC 9111 §5.1: Age is the whole seconds of the current age")
  void ageInWholeSeconds() {
    TestCache t = new TestCache();
    t.fetch(TestCache.RFC, TestCache.get("/a"), 200, "Cache-Control", "max-age=60", "Age", "3");
    t.clock.advanceMillis(4_999);
    Delivery d = HitResponder.respond(t.lookup(TestCache.RFC, TestCache.get("/a")));
    assertThat(d.ageSeconds()).isEqualTo(7);
    assertThat(d.cacheStatus()).isEqualTo("mcp-edge; hit; ttl=52");
  }
}
