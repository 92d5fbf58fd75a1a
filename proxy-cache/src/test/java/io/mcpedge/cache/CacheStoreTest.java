package io.mcpedge.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpedge.cache.http.Fields;
import io.mcpedge.core.config.CacheMode;
import io.mcpedge.core.config.CacheScope;
import io.mcpedge.core.config.RouteCacheConfig;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CacheStoreTest {

  private static final RouteCacheConfig PER_CRED =
      TestCache.route(CacheMode.OVERRIDE, CacheScope.PER_CREDENTIAL);

  @Test
  @DisplayName("the weighed size never exceeds maxSize under many inserts")
  void sizeBound() {
    long maxSize = 200_000;
    TestCache t = new TestCache(maxSize, 10_000);
    String body = "x".repeat(3_000);
    for (int i = 0; i < 2_000; i++) {
      t.fetchBody(
          TestCache.RFC, TestCache.get("/item/" + i), 200, body, "Cache-Control", "max-age=600");
      t.cache.store().cleanUp();
      assertThat(t.cache.store().weightedSize()).isLessThanOrEqualTo(maxSize);
    }
    assertThat(t.cache.store().keyCount()).isBetween(10L, 66L);
    assertThat(t.cache.store().weightedSize()).isGreaterThan(maxSize / 2);
    assertThat(t.cache.store().stores()).as("every answer stored").isEqualTo(2_000);
    assertThat(t.cache.store().evictions())
        .as("what is not stored any more was evicted for size")
        .isEqualTo(2_000 - t.cache.store().keyCount());
    assertThat(t.cache.store().expirations()).isZero();
  }

  @Test
  void entryWeightCountsBodyAndHeaders() {
    TestCache t = new TestCache();
    t.fetchBody(
        TestCache.RFC, TestCache.get("/w"), 200, "y".repeat(5000), "Cache-Control", "max-age=60");
    long w = t.cache.store().weightedSize();
    // The body, its headers twice (stored and encoded), the key, the store's node and its index.
    assertThat(w).isBetween(5_000L + 800, 5_000L + 2_500);
  }

  @Test
  @DisplayName("the key's URI and credential scope count against maxSize too")
  void keyWeighs() {
    TestCache t = new TestCache();
    String path = "/k/" + "q".repeat(20_000);
    t.fetchBody(TestCache.RFC, TestCache.get(path), 200, "z", "Cache-Control", "max-age=60");
    assertThat(t.cache.store().weightedSize()).isGreaterThan(20_000L);
  }

  @Test
  @DisplayName("shrinkTo lowers the bound and evicts down to it at once; it never raises it")
  void shrink() {
    TestCache t = new TestCache(200_000, 10_000);
    for (int i = 0; i < 40; i++) {
      t.fetchBody(
          TestCache.RFC,
          TestCache.get("/s/" + i),
          200,
          "x".repeat(3_000),
          "Cache-Control",
          "max-age=600");
    }
    assertThat(t.cache.store().weightedSize()).isGreaterThan(100_000L);
    t.cache.store().shrinkTo(50_000);
    assertThat(t.cache.store().maximum()).isEqualTo(50_000L);
    assertThat(t.cache.store().weightedSize()).isBetween(1L, 50_000L);
    t.cache.store().shrinkTo(150_000);
    assertThat(t.cache.store().maximum()).isEqualTo(50_000L);
    t.cache.store().shrinkTo(0);
    assertThat(t.cache.store().keyCount()).isZero();
  }

  @Test
  @DisplayName("entries expire once no stale window can use them")
  void expiry() {
    TestCache t = new TestCache();
    t.fetch(TestCache.RFC, TestCache.get("/e"), 200, "Cache-Control", "max-age=10");
    t.clock.advanceSeconds(10 + 3600 - 1);
    t.cache.store().cleanUp();
    assertThat(t.cache.store().keyCount()).isEqualTo(1);
    t.clock.advanceSeconds(2);
    t.cache.store().cleanUp();
    assertThat(t.cache.store().keyCount()).isZero();
    assertThat(t.cache.store().expirations()).isEqualTo(1);
    assertThat(t.cache.store().evictions()).isZero();
  }

  @Test
  @DisplayName("RFC 9111 §4.4: invalidating a URI removes every variant and credential scope")
  void invalidateUriEveryScope() {
    TestCache t = new TestCache();
    t.fetch(PER_CRED, TestCache.get("/tools", "Authorization", "a"), 200);
    t.fetch(PER_CRED, TestCache.get("/tools", "Authorization", "b"), 200);
    t.fetch(PER_CRED, TestCache.get("/tools"), 200);
    t.fetch(PER_CRED, TestCache.get("/tools?x=1", "Authorization", "a"), 200);
    assertThat(t.cache.store().keyCount()).isEqualTo(4);
    assertThat(t.cache.store().purges()).isZero();
    assertThat(t.cache.store().invalidate("http://example.com/tools")).isEqualTo(3);
    assertThat(t.cache.store().keyCount()).isEqualTo(1);
    assertThat(t.cache.store().purges()).isEqualTo(3);
    assertThat(t.lookup(PER_CRED, TestCache.get("/tools", "Authorization", "a")).decision())
        .isEqualTo(Decision.MISS);
    assertThat(t.lookup(PER_CRED, TestCache.get("/tools?x=1", "Authorization", "a")).decision())
        .isEqualTo(Decision.FRESH_HIT);
  }

  @Test
  void invalidatePrefixAndBan() {
    TestCache t = new TestCache();
    for (String p : new String[] {"/static/a.css", "/static/b.js", "/v1/tools", "/tools"}) {
      t.fetch(TestCache.RFC, TestCache.get(p), 200, "Cache-Control", "max-age=60");
    }
    assertThat(t.cache.store().invalidatePrefix("http://example.com/static/")).isEqualTo(2);
    assertThat(t.cache.store().ban(Pattern.compile("/(v1/)?tools$"))).isEqualTo(2);
    assertThat(t.cache.store().keyCount()).isZero();
    assertThat(t.cache.store().invalidate("http://example.com/none")).isZero();
  }

  @Test
  @DisplayName("the URI index forgets evicted keys")
  void indexForgetsEvictedKeys() {
    TestCache t = new TestCache(20_000, 10_000);
    for (int i = 0; i < 50; i++) {
      t.fetchBody(
          TestCache.RFC,
          TestCache.get("/k" + i),
          200,
          "z".repeat(5_000),
          "Cache-Control",
          "max-age=60");
    }
    t.cache.store().cleanUp();
    // only the surviving keys are still indexed: a ban over everything removes exactly those
    long remaining = t.cache.store().keyCount();
    assertThat(t.cache.store().ban(Pattern.compile(".*"))).isEqualTo((int) remaining);
  }

  @Test
  @DisplayName("RFC 9111 §4.1: several variants per key; a new response replaces its variant")
  void variants() {
    TestCache t = new TestCache();
    t.fetchBody(
        TestCache.RFC,
        TestCache.get("/v", "Accept-Encoding", "gzip"),
        200,
        "gz",
        "Cache-Control",
        "max-age=60",
        "Vary",
        "Accept-Encoding");
    t.fetchBody(
        TestCache.RFC,
        TestCache.get("/v", "Accept-Encoding", "br"),
        200,
        "br",
        "Cache-Control",
        "max-age=60",
        "Vary",
        "Accept-Encoding");
    CacheKey key = CacheKey.shared("http://example.com/v");
    assertThat(t.cache.store().variants(key).size()).isEqualTo(2);
    assertThat(
            new String(
                t.cache.store().find(key, Fields.of("Accept-Encoding", "br")).body().bytes(),
                java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("br");
    t.clock.advanceSeconds(61);
    t.fetchBody(
        TestCache.RFC,
        TestCache.get("/v", "Accept-Encoding", "br"),
        200,
        "br2",
        "Cache-Control",
        "max-age=60",
        "Vary",
        "Accept-Encoding");
    assertThat(t.cache.store().variants(key).size()).isEqualTo(2);
    assertThat(
            new String(
                t.cache.store().find(key, Fields.of("Accept-Encoding", "br")).body().bytes(),
                java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("br2");
  }

  @Test
  void variantCountIsBounded() {
    TestCache t = new TestCache();
    for (int i = 0; i < Variants.MAX_VARIANTS + 5; i++) {
      t.fetch(
          TestCache.RFC,
          TestCache.get("/v", "X-Id", "" + i),
          200,
          "Cache-Control",
          "max-age=60",
          "Vary",
          "X-Id");
    }
    CacheKey key = CacheKey.shared("http://example.com/v");
    assertThat(t.cache.store().variants(key).size()).isEqualTo(Variants.MAX_VARIANTS);
    assertThat(t.cache.store().find(key, Fields.of("X-Id", "0"))).isNull();
    assertThat(t.cache.store().find(key, Fields.of("X-Id", "20"))).isNotNull();
  }

  @Test
  void preconditions() {
    FakeClock c = new FakeClock();
    assertThatThrownBy(() -> new CacheStore(0, Duration.ZERO, c, Runnable::run))
        .hasMessage("maxSize: 0 (expected: > 0)");
    assertThatThrownBy(() -> new CacheStore(1, Duration.ofSeconds(-1), c, Runnable::run))
        .hasMessage("staleRetention: PT-1S (expected: >= 0)");
  }
}
