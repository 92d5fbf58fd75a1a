package io.mcpedge.cache;

import static io.mcpedge.cache.Decision.BYPASS;
import static io.mcpedge.cache.Decision.FRESH_HIT;
import static io.mcpedge.cache.Decision.GATEWAY_TIMEOUT;
import static io.mcpedge.cache.Decision.MISS;
import static io.mcpedge.cache.Decision.MUST_REVALIDATE;
import static io.mcpedge.cache.Decision.STALE_HIT;
import static io.mcpedge.cache.Decision.STALE_WHILE_REVALIDATE;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpedge.core.config.CacheMode;
import io.mcpedge.core.config.CacheScope;
import io.mcpedge.core.config.RouteCacheConfig;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CacheLookupTest {

  private static final RouteCacheConfig PER_CRED =
      TestCache.route(CacheMode.OVERRIDE, CacheScope.PER_CREDENTIAL);
  private static final RouteCacheConfig GRACE =
      new RouteCacheConfig(
          CacheMode.RFC9111,
          Duration.ZERO,
          CacheScope.SHARED,
          Duration.ofSeconds(30),
          Duration.ofSeconds(300),
          Duration.ZERO,
          false);

  private static String[] h(String... headers) {
    return headers;
  }

  /**
   * Stores a response with {@code responseHeaders} at t=0, waits {@code wait} seconds, then looks
   * up a GET with {@code requestHeaders}.
   */
  static Stream<Arguments> scenarios() {
    return Stream.of(
        // §4.2 freshness from each header
        Arguments.of(
            "§4.2.1 max-age fresh", h("Cache-Control", "max-age=100"), 99, h(), FRESH_HIT, null),
        Arguments.of(
            "§4.2.1 max-age stale",
            h("Cache-Control", "max-age=100", "ETag", "\"1\""),
            100,
            h(),
            MUST_REVALIDATE,
            "stale"),
        Arguments.of(
            "§4.2.1 s-maxage over max-age",
            h("Cache-Control", "max-age=1, s-maxage=100"),
            50,
            h(),
            FRESH_HIT,
            null),
        Arguments.of(
            "§4.2.1 s-maxage=0 over max-age",
            h("Cache-Control", "max-age=100, s-maxage=0", "ETag", "\"1\""),
            1,
            h(),
            MUST_REVALIDATE,
            "stale"),
        Arguments.of(
            "§4.2.3 Age counts against max-age",
            h("Cache-Control", "max-age=100", "Age", "90"),
            11,
            h(),
            MISS,
            "stale"),
        Arguments.of(
            "§4.2.3 Age within max-age",
            h("Cache-Control", "max-age=100", "Age", "90"),
            9,
            h(),
            FRESH_HIT,
            null),
        Arguments.of(
            "§4.2.1 Expires in the future", h("Expires", "+100"), 99, h(), FRESH_HIT, null),
        Arguments.of(
            "§4.2.1 Expires: 0 stale",
            h("Expires", "0", "ETag", "\"e\""),
            0,
            h(),
            MUST_REVALIDATE,
            "stale"),
        Arguments.of(
            "§5.2.2.4 no-cache always revalidates",
            h("Cache-Control", "max-age=100, no-cache", "ETag", "\"1\""),
            0,
            h(),
            MUST_REVALIDATE,
            "stale"),
        Arguments.of(
            "§5.2.2.4 no-cache without validators",
            h("Cache-Control", "no-cache"),
            0,
            h(),
            MISS,
            "stale"),
        // request directives §5.2.1
        Arguments.of(
            "§5.2.1.4 request no-cache",
            h("Cache-Control", "max-age=100", "ETag", "\"1\""),
            1,
            h("Cache-Control", "no-cache"),
            MUST_REVALIDATE,
            "request"),
        Arguments.of(
            "§5.4 Pragma: no-cache without Cache-Control",
            h("Cache-Control", "max-age=100"),
            1,
            h("Pragma", "no-cache"),
            MISS,
            "request"),
        Arguments.of(
            "§5.4 Pragma ignored with Cache-Control",
            h("Cache-Control", "max-age=100"),
            1,
            h("Pragma", "no-cache", "Cache-Control", "max-stale"),
            FRESH_HIT,
            null),
        Arguments.of(
            "§5.2.1.1 request max-age satisfied",
            h("Cache-Control", "max-age=100"),
            10,
            h("Cache-Control", "max-age=20"),
            FRESH_HIT,
            null),
        Arguments.of(
            "§5.2.1.1 request max-age exceeded",
            h("Cache-Control", "max-age=100"),
            30,
            h("Cache-Control", "max-age=20"),
            MISS,
            "request"),
        Arguments.of(
            "§5.2.1.1 request max-age=0",
            h("Cache-Control", "max-age=100"),
            0,
            h("Cache-Control", "max-age=0"),
            MISS,
            "request"),
        Arguments.of(
            "§5.2.1.3 min-fresh satisfied",
            h("Cache-Control", "max-age=100"),
            10,
            h("Cache-Control", "min-fresh=50"),
            FRESH_HIT,
            null),
        Arguments.of(
            "§5.2.1.3 min-fresh not satisfied",
            h("Cache-Control", "max-age=100"),
            60,
            h("Cache-Control", "min-fresh=50"),
            MISS,
            "request"),
        Arguments.of(
            "§5.2.1.2 max-stale within",
            h("Cache-Control", "max-age=10"),
            30,
            h("Cache-Control", "max-stale=60"),
            STALE_HIT,
            null),
        Arguments.of(
            "§5.2.1.2 max-stale exceeded",
            h("Cache-Control", "max-age=10"),
            80,
            h("Cache-Control", "max-stale=60"),
            MISS,
            "stale"),
        Arguments.of(
            "§5.2.1.2 max-stale without value",
            h("Cache-Control", "max-age=10"),
            3000,
            h("Cache-Control", "max-stale"),
            STALE_HIT,
            null),
        Arguments.of(
            "§5.2.2.2 must-revalidate beats max-stale",
            h("Cache-Control", "max-age=10, must-revalidate"),
            30,
            h("Cache-Control", "max-stale"),
            MISS,
            "stale"),
        Arguments.of(
            "§5.2.2.8 proxy-revalidate beats max-stale",
            h("Cache-Control", "max-age=10, proxy-revalidate"),
            30,
            h("Cache-Control", "max-stale"),
            MISS,
            "stale"),
        Arguments.of(
            "§5.2.2.10 s-maxage beats max-stale",
            h("Cache-Control", "s-maxage=10"),
            30,
            h("Cache-Control", "max-stale"),
            MISS,
            "stale"),
        Arguments.of(
            "§5.2.1.7 only-if-cached hit",
            h("Cache-Control", "max-age=100"),
            1,
            h("Cache-Control", "only-if-cached"),
            FRESH_HIT,
            null),
        Arguments.of(
            "§5.2.1.7 only-if-cached stale -> 504",
            h("Cache-Control", "max-age=1"),
            5,
            h("Cache-Control", "only-if-cached"),
            GATEWAY_TIMEOUT,
            "stale"),
        Arguments.of(
            "§5.2.1.5 request no-store may still be served",
            h("Cache-Control", "max-age=100"),
            1,
            h("Cache-Control", "no-store"),
            FRESH_HIT,
            null),
        // RFC 5861
        Arguments.of(
            "RFC 5861 §3 stale-while-revalidate within",
            h("Cache-Control", "max-age=10, stale-while-revalidate=30"),
            35,
            h(),
            STALE_WHILE_REVALIDATE,
            null),
        Arguments.of(
            "RFC 5861 §3 stale-while-revalidate exceeded",
            h("Cache-Control", "max-age=10, stale-while-revalidate=30"),
            41,
            h(),
            MISS,
            "stale"),
        Arguments.of(
            "RFC 5861 §3 swr not with must-revalidate",
            h("Cache-Control", "max-age=10, stale-while-revalidate=30, must-revalidate"),
            15,
            h(),
            MISS,
            "stale"),
        Arguments.of(
            "RFC 5861 §3 swr not when the client sets max-age",
            h("Cache-Control", "max-age=10, stale-while-revalidate=30"),
            15,
            h("Cache-Control", "max-age=60"),
            MISS,
            "stale"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("scenarios")
  @DisplayName("RFC 9111 §4, §5.2: lookup decisions")
  void decides(
      String name, String[] response, long wait, String[] request, Decision expected, String fwd) {
    TestCache t = new TestCache();
    String[] resolved = resolveRelativeDates(t, response);
    t.fetch(TestCache.RFC, TestCache.get("/r"), 200, resolved);
    t.clock.advanceSeconds(wait);
    LookupResult r = t.lookup(TestCache.RFC, TestCache.get("/r", request));
    assertThat(r.decision()).isEqualTo(expected);
    assertThat(r.forwardReason()).isEqualTo(fwd);
  }

  private static String[] resolveRelativeDates(TestCache t, String[] headers) {
    String[] out = headers.clone();
    for (int i = 1; i < out.length; i += 2) {
      if (out[i].startsWith("+")) {
        out[i] = t.date(Long.parseLong(out[i].substring(1)));
      }
    }
    return out;
  }

  @Test
  @DisplayName("RFC 9211: uri-miss, vary-miss, and hit with ttl")
  void missKinds() {
    TestCache t = new TestCache();
    assertThat(t.lookup(TestCache.RFC, TestCache.get("/v")).forwardReason()).isEqualTo("uri-miss");
    t.fetch(
        TestCache.RFC,
        TestCache.get("/v", "Accept", "a"),
        200,
        "Cache-Control",
        "max-age=60",
        "Vary",
        "accept");
    LookupResult vary = t.lookup(TestCache.RFC, TestCache.get("/v", "Accept", "b"));
    assertThat(vary.decision()).isEqualTo(MISS);
    assertThat(vary.forwardReason()).isEqualTo("vary-miss");
    assertThat(vary.forwardedStatus(true, 200))
        .isEqualTo("mcp-edge; fwd=vary-miss; fwd-status=200; stored");
    t.clock.advanceSeconds(15);
    LookupResult hit = t.lookup(TestCache.RFC, TestCache.get("/v", "Accept", "a"));
    assertThat(hit.decision()).isEqualTo(FRESH_HIT);
    assertThat(hit.ageSeconds()).isEqualTo(15);
    assertThat(HitResponder.respond(hit).cacheStatus()).isEqualTo("mcp-edge; hit; ttl=45");
  }

  @Test
  @DisplayName("RFC 9111 §4.1: Vary: * never matches, so never stored")
  void varyStar() {
    TestCache t = new TestCache();
    t.fetch(TestCache.RFC, TestCache.get("/s"), 200, "Cache-Control", "max-age=60", "Vary", "*");
    assertThat(t.lookup(TestCache.RFC, TestCache.get("/s")).decision()).isEqualTo(MISS);
  }

  @Test
  void bypasses() {
    TestCache t = new TestCache();
    assertThat(t.lookup(RouteCacheConfig.OFF, TestCache.get("/x")).forwardReason())
        .isEqualTo("bypass");
    LookupResult post = t.lookup(TestCache.RFC, TestCache.request("POST", "/x"));
    assertThat(post.decision()).isEqualTo(BYPASS);
    assertThat(post.forwardReason()).isEqualTo("method");
    LookupResult ifMatch = t.lookup(TestCache.RFC, TestCache.get("/x", "If-Match", "\"a\""));
    assertThat(ifMatch.decision()).isEqualTo(BYPASS);
  }

  @Test
  @DisplayName("HEAD is answered from a stored GET")
  void headFromGet() {
    TestCache t = new TestCache();
    t.fetch(TestCache.RFC, TestCache.get("/h"), 200, "Cache-Control", "max-age=60");
    LookupResult head = t.lookup(TestCache.RFC, TestCache.request("HEAD", "/h"));
    assertThat(head.decision()).isEqualTo(FRESH_HIT);
    Delivery d = HitResponder.respond(head);
    assertThat(d.includeBody()).isFalse();
    assertThat(d.length()).isEqualTo(4);
  }

  @Test
  @DisplayName(
      "RFC 9111 §3.5: an authenticated request is not served a shared entry without consent")
  void authorizationNeedsConsent() {
    TestCache t = new TestCache();
    t.fetch(TestCache.RFC, TestCache.get("/a"), 200, "Cache-Control", "max-age=60");
    LookupResult authed = t.lookup(TestCache.RFC, TestCache.get("/a", "Authorization", "x"));
    assertThat(authed.decision()).isEqualTo(MISS);
    t.fetch(TestCache.RFC, TestCache.get("/p"), 200, "Cache-Control", "public, max-age=60");
    assertThat(t.lookup(TestCache.RFC, TestCache.get("/p", "Authorization", "x")).decision())
        .isEqualTo(FRESH_HIT);
  }

  @Test
  @DisplayName("RFC 9111 §3.5: an authenticated answer without consent is not stored at all")
  void tokenlessNeverSeesAuthenticatedAnswer() {
    TestCache t = new TestCache();
    t.fetch(
        TestCache.RFC,
        TestCache.get("/a", "Authorization", "x"),
        200,
        "Cache-Control",
        "max-age=60");
    assertThat(t.lookup(TestCache.RFC, TestCache.get("/a")).decision()).isEqualTo(MISS);
  }

  @Test
  @DisplayName("per-credential: each credential and the anonymous client get their own entry")
  void perCredential() {
    TestCache t = new TestCache();
    t.fetchBody(PER_CRED, TestCache.get("/tools", "Authorization", "Bearer a"), 200, "for a");
    t.fetchBody(PER_CRED, TestCache.get("/tools"), 200, "anonymous");
    LookupResult a = t.lookup(PER_CRED, TestCache.get("/tools", "Authorization", "Bearer a"));
    LookupResult b = t.lookup(PER_CRED, TestCache.get("/tools", "Authorization", "Bearer b"));
    LookupResult anon = t.lookup(PER_CRED, TestCache.get("/tools"));
    assertThat(a.decision()).isEqualTo(FRESH_HIT);
    assertThat(new String(a.entry().body().bytes(), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("for a");
    assertThat(b.decision()).isEqualTo(MISS);
    assertThat(new String(anon.entry().body().bytes(), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("anonymous");
  }

  @Test
  @DisplayName("override shared route never serves authenticated requests from its entries")
  void overrideSharedWithCredentials() {
    TestCache t = new TestCache();
    RouteCacheConfig shared = TestCache.route(CacheMode.OVERRIDE, CacheScope.SHARED);
    t.fetch(shared, TestCache.get("/o"), 200);
    assertThat(t.lookup(shared, TestCache.get("/o")).decision()).isEqualTo(FRESH_HIT);
    assertThat(t.lookup(shared, TestCache.get("/o", "Authorization", "a")).decision())
        .isEqualTo(MISS);
  }

  @Test
  @DisplayName("RFC 5861 §4 and route grace: stale-if-error within the window only")
  void staleIfError() {
    TestCache t = new TestCache();
    t.fetch(GRACE, TestCache.get("/g"), 200, "Cache-Control", "max-age=10, stale-if-error=60");
    t.clock.advanceSeconds(10 + 30 + 1);
    LookupResult stale = t.lookup(GRACE, TestCache.get("/g"));
    assertThat(stale.decision()).isEqualTo(MISS);
    assertThat(t.cache.lookup().staleIfError(stale)).isSameAs(stale.entry());
    t.clock.advanceSeconds(10 + 360 - 41);
    assertThat(t.cache.lookup().staleIfError(stale)).isNull();
  }

  @Test
  @DisplayName("RFC 9111 §4.2.4: must-revalidate forbids stale-if-error")
  void staleIfErrorNotWithMustRevalidate() {
    TestCache t = new TestCache();
    t.fetch(
        GRACE,
        TestCache.get("/m"),
        200,
        "Cache-Control",
        "max-age=10, stale-if-error=60, must-revalidate");
    t.clock.advanceSeconds(11);
    LookupResult stale = t.lookup(GRACE, TestCache.get("/m"));
    assertThat(t.cache.lookup().staleIfError(stale)).isNull();
  }

  @Test
  void routeStaleWhileRevalidate() {
    TestCache t = new TestCache();
    t.fetch(GRACE, TestCache.get("/w"), 200, "Cache-Control", "max-age=10");
    t.clock.advanceSeconds(39);
    assertThat(t.lookup(GRACE, TestCache.get("/w")).decision()).isEqualTo(STALE_WHILE_REVALIDATE);
    t.clock.advanceSeconds(2);
    assertThat(t.lookup(GRACE, TestCache.get("/w")).decision()).isEqualTo(MISS);
  }

  @Test
  @DisplayName("RFC 9111 §4.3.1: validators for the conditional request")
  void validators() {
    TestCache t = new TestCache();
    t.fetch(
        TestCache.RFC,
        TestCache.get("/c"),
        200,
        "Cache-Control",
        "max-age=1",
        "ETag",
        "\"v1\"",
        "Last-Modified",
        "Sun, 06 Nov 1994 08:49:37 GMT");
    t.clock.advanceSeconds(2);
    LookupResult r = t.lookup(TestCache.RFC, TestCache.get("/c"));
    assertThat(r.decision()).isEqualTo(MUST_REVALIDATE);
    assertThat(r.validators().get("if-none-match")).isEqualTo("\"v1\"");
    assertThat(r.validators().get("if-modified-since")).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
  }
}
