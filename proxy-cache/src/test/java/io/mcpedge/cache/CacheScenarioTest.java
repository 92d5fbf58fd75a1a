package io.mcpedge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpedge.cache.http.Fields;
import io.mcpedge.core.config.CacheMode;
import io.mcpedge.core.config.CacheScope;
import io.mcpedge.core.config.RouteCacheConfig;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Whole exchanges through lookup, store, revalidation and delivery, as the server drives them. */
class CacheScenarioTest {

  private final TestCache t = new TestCache();

  @Test
  @DisplayName("RFC 9111 §4.3: stale entry revalidated with its ETag, updated by 304, served")
  void revalidationRoundTrip() {
    t.fetchBody(
        TestCache.RFC,
        TestCache.get("/doc"),
        200,
        "payload",
        "Cache-Control",
        "max-age=5",
        "ETag",
        "\"a\"",
        "Content-Type",
        "application/json");
    t.clock.advanceSeconds(6);
    LookupResult stale = t.lookup(TestCache.RFC, TestCache.get("/doc"));
    assertThat(stale.decision()).isEqualTo(Decision.MUST_REVALIDATE);
    assertThat(stale.validators()).isEqualTo(Fields.of("If-None-Match", "\"a\""));
    assertThat(stale.forwardedStatus(false, 304)).isEqualTo("mcp-edge; fwd=stale; fwd-status=304");
    long sent = t.clock.millis();
    t.clock.advanceSeconds(1);
    StoredResponse updated =
        t.cache
            .updates()
            .revalidated(
                stale,
                Fields.of("ETag", "\"a\"", "Cache-Control", "max-age=60", "Date", t.date(0)),
                sent);
    assertThat(updated.timing().isFresh(t.clock.millis())).isTrue();
    LookupResult hit = t.lookup(TestCache.RFC, TestCache.get("/doc"));
    assertThat(hit.decision()).isEqualTo(Decision.FRESH_HIT);
    Delivery d = HitResponder.respond(hit);
    assertThat(d.status()).isEqualTo(200);
    assertThat(d.headers().get("content-type")).isEqualTo("application/json");
    assertThat(d.ageSeconds()).isEqualTo(1);
  }

  @Test
  @DisplayName("RFC 9111 §4.2.2: heuristic freshness only when the route enables it")
  void heuristicOnlyWhenEnabled() {
    String lm = t.date(-10_000);
    t.fetch(TestCache.RFC, TestCache.get("/h"), 200, "Last-Modified", lm);
    assertThat(t.lookup(TestCache.RFC, TestCache.get("/h")).decision())
        .isEqualTo(Decision.MUST_REVALIDATE);
    RouteCacheConfig heuristic =
        new RouteCacheConfig(
            CacheMode.RFC9111,
            Duration.ZERO,
            CacheScope.SHARED,
            Duration.ZERO,
            Duration.ZERO,
            Duration.ZERO,
            true);
    t.fetch(heuristic, TestCache.get("/h2"), 200, "Last-Modified", lm);
    t.clock.advanceSeconds(999);
    assertThat(t.lookup(heuristic, TestCache.get("/h2")).decision()).isEqualTo(Decision.FRESH_HIT);
    t.clock.advanceSeconds(1);
    assertThat(t.lookup(heuristic, TestCache.get("/h2")).decision())
        .isEqualTo(Decision.MUST_REVALIDATE);
  }

  @Test
  @DisplayName("404 negative caching for the route's negative TTL")
  void negativeCaching() {
    RouteCacheConfig negative =
        new RouteCacheConfig(
            CacheMode.RFC9111,
            Duration.ZERO,
            CacheScope.SHARED,
            Duration.ZERO,
            Duration.ZERO,
            Duration.ofMinutes(1),
            false);
    t.fetch(negative, TestCache.get("/missing"), 404);
    t.clock.advanceSeconds(59);
    LookupResult hit = t.lookup(negative, TestCache.get("/missing"));
    assertThat(hit.decision()).isEqualTo(Decision.FRESH_HIT);
    assertThat(HitResponder.respond(hit).status()).isEqualTo(404);
    t.clock.advanceSeconds(1);
    assertThat(t.lookup(negative, TestCache.get("/missing")).decision()).isEqualTo(Decision.MISS);
  }

  @Test
  @DisplayName("RFC 9111 §3: redirects with freshness are stored; without it they are not")
  void redirects() {
    t.fetch(
        TestCache.RFC,
        TestCache.get("/moved"),
        301,
        "Location",
        "/new",
        "Cache-Control",
        "max-age=60");
    t.fetch(TestCache.RFC, TestCache.get("/found"), 302, "Location", "/new");
    assertThat(t.lookup(TestCache.RFC, TestCache.get("/moved")).decision())
        .isEqualTo(Decision.FRESH_HIT);
    assertThat(t.lookup(TestCache.RFC, TestCache.get("/found")).decision())
        .isEqualTo(Decision.MISS);
  }

  @Test
  @DisplayName(
      "two bearer tokens never see each other's cached /tools; a token-less client neither")
  void perCredentialIsolation() {
    RouteCacheConfig tools = TestCache.route(CacheMode.OVERRIDE, CacheScope.PER_CREDENTIAL);
    // the gateway's own headers, which the override ignores
    String[] gateway = {"Cache-Control", "no-store, private", "Vary", "Authorization"};
    t.fetchBody(
        tools, TestCache.get("/tools", "Authorization", "Bearer alice"), 200, "alice", gateway);
    t.fetchBody(tools, TestCache.get("/tools", "Authorization", "Bearer bob"), 200, "bob", gateway);
    assertThat(body(t.lookup(tools, TestCache.get("/tools", "Authorization", "Bearer alice"))))
        .isEqualTo("alice");
    assertThat(body(t.lookup(tools, TestCache.get("/tools", "Authorization", "Bearer bob"))))
        .isEqualTo("bob");
    assertThat(t.lookup(tools, TestCache.get("/tools")).decision()).isEqualTo(Decision.MISS);
    assertThat(t.lookup(tools, TestCache.get("/tools", "Cookie", "jwt_token=alice")).decision())
        .isEqualTo(Decision.MISS);
  }

  @Test
  @DisplayName("RFC 5861 §3: stale-while-revalidate serves stale, and the refresh stores anew")
  void staleWhileRevalidateRefresh() {
    t.fetchBody(
        TestCache.RFC,
        TestCache.get("/s"),
        200,
        "v1",
        "Cache-Control",
        "max-age=1, stale-while-revalidate=60");
    t.clock.advanceSeconds(5);
    LookupResult swr = t.lookup(TestCache.RFC, TestCache.get("/s"));
    assertThat(swr.decision()).isEqualTo(Decision.STALE_WHILE_REVALIDATE);
    Delivery stale = HitResponder.respond(swr);
    assertThat(stale.cacheStatus()).isEqualTo("mcp-edge; hit; ttl=-4");
    Coalescer.Join<CacheKey> refresh = t.cache.coalescer().join(swr.key());
    assertThat(refresh.role()).isEqualTo(Coalescer.Role.LEADER);
    assertThat(t.cache.coalescer().join(swr.key()).role()).isEqualTo(Coalescer.Role.FOLLOWER);
    StoreWriter w =
        t.cache
            .updates()
            .openWriter(swr, 200, t.withDate("Cache-Control", "max-age=60"), t.clock.millis());
    w.append("v2".getBytes(java.nio.charset.StandardCharsets.UTF_8), 0, 2);
    w.commit();
    refresh.flight().complete(Coalescer.Outcome.STORED);
    assertThat(body(t.lookup(TestCache.RFC, TestCache.get("/s")))).isEqualTo("v2");
  }

  private static String body(LookupResult r) {
    assertThat(r.decision()).isEqualTo(Decision.FRESH_HIT);
    return new String(r.entry().body().bytes(), java.nio.charset.StandardCharsets.UTF_8);
  }
}
