package io.mcpedge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpedge.core.config.CacheMode;
import io.mcpedge.core.config.CacheScope;
import io.mcpedge.core.config.MatchType;
import io.mcpedge.core.config.PathMatch;
import io.mcpedge.core.config.RouteCacheConfig;
import io.mcpedge.core.route.PathMatcher;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What {@code override} stores, how a {@code public} entry reads {@code Vary}, and invalidation by
 * path match ({@code cache.invalidates}).
 */
@Timeout(10)
class CacheSemanticsTest {

  static RouteCacheConfig override(Duration negativeTtl, Set<Integer> statuses) {
    return new RouteCacheConfig(
        CacheMode.OVERRIDE,
        Duration.ofMinutes(5),
        CacheScope.PER_CREDENTIAL,
        Duration.ZERO,
        Duration.ZERO,
        negativeTtl,
        false,
        statuses,
        List.of());
  }

  @ParameterizedTest(name = "override stores {0}: {1}")
  @CsvSource({
    "200, true",
    "203, true",
    "204, true",
    "300, true",
    "301, false",
    "308, false",
    "302, false",
    "401, false",
    "403, false",
    "407, false",
    "404, false",
    "410, false",
    "400, false",
    "500, false",
    "503, false"
  })
  void overrideStoresOnlyTheDefaultStatuses(int status, boolean stored) {
    TestCache t = new TestCache();
    RouteCacheConfig route = override(Duration.ZERO, RouteCacheConfig.DEFAULT_OVERRIDE_STATUSES);
    LookupResult r = t.lookup(route, TestCache.get("/x"));
    assertThat(t.cache.updates().decide(r, status, t.withDate()).store()).isEqualTo(stored);
  }

  @Test
  void redirectsAreStoredWhenListed() {
    TestCache t = new TestCache();
    RouteCacheConfig route = override(Duration.ZERO, Set.of(200, 301));
    t.fetch(route, TestCache.get("/moved"), 301, "Location", "/new");
    assertThat(t.lookup(route, TestCache.get("/moved")).decision()).isEqualTo(Decision.FRESH_HIT);
    t.fetch(route, TestCache.get("/found"), 308, "Location", "/new");
    assertThat(t.lookup(route, TestCache.get("/found")).decision()).isEqualTo(Decision.MISS);
  }

  @ParameterizedTest
  @CsvSource({"404", "410"})
  void notFoundIsStoredForTheNegativeTtlOnly(int status) {
    TestCache t = new TestCache();
    RouteCacheConfig route =
        override(Duration.ofSeconds(30), RouteCacheConfig.DEFAULT_OVERRIDE_STATUSES);
    t.fetch(route, TestCache.get("/gone"), status, "Cache-Control", "max-age=86400");
    assertThat(t.lookup(route, TestCache.get("/gone")).decision()).isEqualTo(Decision.FRESH_HIT);
    t.clock.advanceSeconds(31);
    assertThat(t.lookup(route, TestCache.get("/gone")).decision()).isNotEqualTo(Decision.FRESH_HIT);
  }

  @Test
  void publicEntriesIgnoreCredentialFieldsInVary() {
    TestCache t = new TestCache();
    RouteCacheConfig route = TestCache.route(CacheMode.OVERRIDE, CacheScope.PUBLIC);
    String[] vary = {"Vary", "Origin, Accept-Encoding, Authorization, Cookie"};
    t.fetch(route, TestCache.get("/static/a.js", "Authorization", "Bearer one"), 200, vary);
    LookupResult other =
        t.lookup(
            route,
            TestCache.get("/static/a.js", "Authorization", "Bearer two", "Cookie", "jwt_token=x"));
    assertThat(other.decision()).isEqualTo(Decision.FRESH_HIT);
    LookupResult gzip = t.lookup(route, TestCache.get("/static/a.js", "Accept-Encoding", "gzip"));
    assertThat(gzip.decision()).as("Accept-Encoding still selects").isEqualTo(Decision.MISS);
  }

  @Test
  void sharedEntriesKeepFollowingCredentialFieldsInVary() {
    TestCache t = new TestCache();
    t.fetch(
        TestCache.RFC,
        TestCache.get("/s"),
        200,
        "Cache-Control",
        "public, max-age=60",
        "Vary",
        "Cookie");
    assertThat(t.lookup(TestCache.RFC, TestCache.get("/s", "Cookie", "a=b")).decision())
        .isEqualTo(Decision.MISS);
  }

  static List<PathMatcher> rules(PathMatch... m) {
    return java.util.Arrays.stream(m).map(PathMatcher::new).toList();
  }

  @Test
  void pathInvalidationDropsEveryCredentialAndVariantOfMatchingPaths() {
    TestCache t = new TestCache();
    RouteCacheConfig route = TestCache.route(CacheMode.OVERRIDE, CacheScope.PER_CREDENTIAL);
    for (String target : List.of("/servers", "/servers?page=2", "/servers/1", "/serversx", "/v1")) {
      for (String token : List.of("a", "b")) {
        for (String enc : List.of("gzip", "br")) {
          t.fetch(
              route,
              TestCache.get(target, "Authorization", token, "Accept-Encoding", enc),
              200,
              "Vary",
              "Accept-Encoding");
        }
      }
    }
    CacheRequest delete = TestCache.request("DELETE", "/servers/1");
    int removed =
        t.cache
            .updates()
            .invalidatePathsAfter(
                delete, 204, rules(new PathMatch(MatchType.PATH_PREFIX, "/servers")));
    assertThat(removed).isEqualTo(6);
    for (String target : List.of("/servers", "/servers?page=2", "/servers/1")) {
      for (String token : List.of("a", "b")) {
        assertThat(
                t.lookup(
                        route,
                        TestCache.get(target, "Authorization", token, "Accept-Encoding", "br"))
                    .decision())
            .as(target + " " + token)
            .isEqualTo(Decision.MISS);
      }
    }
    assertThat(
            t.lookup(
                    route,
                    TestCache.get("/serversx", "Authorization", "a", "Accept-Encoding", "br"))
                .decision())
        .isEqualTo(Decision.FRESH_HIT);
  }

  @ParameterizedTest
  @CsvSource({
    "POST, 500, false",
    "POST, 404, false",
    "GET, 200, false",
    "POST, 201, true",
    "PUT, 303, true",
    "DELETE, 204, true"
  })
  void onlySuccessfulUnsafeRequestsInvalidate(String method, int status, boolean invalidates) {
    TestCache t = new TestCache();
    RouteCacheConfig route = TestCache.route(CacheMode.OVERRIDE, CacheScope.PER_CREDENTIAL);
    t.fetch(route, TestCache.get("/tools"), 200);
    t.cache
        .updates()
        .invalidatePathsAfter(
            TestCache.request(method, "/tools/9"),
            status,
            rules(new PathMatch(MatchType.EXACT, "/tools")));
    assertThat(t.lookup(route, TestCache.get("/tools")).decision() == Decision.MISS)
        .isEqualTo(invalidates);
  }

  @Test
  void regularExpressionsAndOtherHostsAreHonoured() {
    TestCache t = new TestCache();
    RouteCacheConfig route = TestCache.route(CacheMode.OVERRIDE, CacheScope.PUBLIC);
    t.fetch(route, TestCache.get("/v1/tools"), 200);
    t.fetch(route, TestCache.get("/tools"), 200);
    CacheRequest elsewhere =
        new CacheRequest(
            "GET", "http", "other.example", "/tools", io.mcpedge.cache.http.Fields.of());
    t.fetch(route, elsewhere, 200);
    t.cache
        .updates()
        .invalidatePathsAfter(
            TestCache.request("POST", "/tools"),
            201,
            rules(new PathMatch(MatchType.REGULAR_EXPRESSION, "^/(v1/)?tools$")));
    assertThat(t.lookup(route, TestCache.get("/v1/tools")).decision()).isEqualTo(Decision.MISS);
    assertThat(t.lookup(route, TestCache.get("/tools")).decision()).isEqualTo(Decision.MISS);
    assertThat(t.lookup(route, elsewhere).decision()).isEqualTo(Decision.FRESH_HIT);
  }

  @Test
  void anAnswerInFlightDuringAPathInvalidationIsNotStored() {
    TestCache t = new TestCache();
    RouteCacheConfig route = TestCache.route(CacheMode.OVERRIDE, CacheScope.PER_CREDENTIAL);
    LookupResult r = t.lookup(route, TestCache.get("/servers?all=1"));
    long sent = t.clock.millis();
    StoreWriter w = t.cache.updates().openWriter(r, 200, t.withDate(), sent);
    t.cache
        .updates()
        .invalidatePathsAfter(
            TestCache.request("DELETE", "/servers/1"),
            200,
            rules(new PathMatch(MatchType.PATH_PREFIX, "/servers")));
    w.append(new byte[] {'x'}, 0, 1);
    assertThat(w.commit()).isNull();
    assertThat(t.lookup(route, TestCache.get("/servers?all=1")).decision())
        .isEqualTo(Decision.MISS);
  }

  @Test
  void theConfiguredCredentialHeaderIsIgnoredInPublicVaryToo() {
    io.mcpedge.core.config.CacheConfig base = TestCache.config(1 << 20, 1 << 16);
    CacheKeys keys =
        new CacheKeys(
            new io.mcpedge.core.config.CacheConfig(
                base.maxSize(),
                base.maxObjectSize(),
                "X-Api-Key",
                base.credentialCookies(),
                base.coalesceTimeout(),
                base.uncacheableMemory(),
                base.directBodyMemory()));
    List<String> vary =
        List.of("accept-encoding", "authorization", "cookie", "origin", "x-api-key");
    assertThat(keys.keyedVary(TestCache.route(CacheMode.OVERRIDE, CacheScope.PUBLIC), vary))
        .containsExactly("accept-encoding", "origin");
    assertThat(keys.keyedVary(TestCache.route(CacheMode.OVERRIDE, CacheScope.PER_CREDENTIAL), vary))
        .isSameAs(vary);
    assertThat(keys.keyedVary(TestCache.RFC, vary)).isSameAs(vary);
  }

  @Test
  void pathInvalidationsAreRememberedForTheHorizonOnly() {
    PathInvalidations p = new PathInvalidations(10_000);
    List<PathMatcher> servers = rules(new PathMatch(MatchType.PATH_PREFIX, "/servers"));
    p.record("http://a", servers, 1_000);
    assertThat(p.coversSince("http://a/servers?x=1", 1_000)).isTrue();
    assertThat(p.coversSince("http://a/servers", 1_001)).as("sent after the write").isFalse();
    assertThat(p.coversSince("http://ab/servers", 500)).as("another host").isFalse();
    assertThat(p.coversSince("http://a/serversx", 500)).as("another segment").isFalse();
    p.record("http://a", rules(new PathMatch(MatchType.EXACT, "/tools")), 20_000);
    assertThat(p.coversSince("http://a/servers", 500)).as("past the horizon").isFalse();
    for (int i = 0; i < PathInvalidations.MAX_REMEMBERED + 10; i++) {
      p.record("http://a", servers, 20_000 + i);
    }
    assertThat(p.coversSince("http://a/tools", 19_000)).as("bounded in count").isFalse();
  }
}
