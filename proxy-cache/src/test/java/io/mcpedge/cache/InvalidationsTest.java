package io.mcpedge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpedge.cache.http.Fields;
import io.mcpedge.core.config.MatchType;
import io.mcpedge.core.config.PathMatch;
import io.mcpedge.core.route.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Every invalidation this process causes reaches the listener once; remote ones never do. */
class InvalidationsTest {

  private final TestCache t = new TestCache();
  private final List<InvalidationEvent> told = new ArrayList<>();

  InvalidationsTest() {
    t.cache.invalidations().listener(told::add);
  }

  private void store(String target) {
    t.fetch(TestCache.RFC, TestCache.get(target), 200, "Cache-Control", "max-age=100");
  }

  private Decision lookup(String target) {
    return t.lookup(TestCache.RFC, TestCache.get(target)).decision();
  }

  private static String url(String path) {
    return UriNormaliser.normalise("http", "example.com", path);
  }

  @Test
  @DisplayName("RFC 9111 §4.4: a write's invalidation is applied here and told once")
  void writeIsToldWithItsLocation() {
    store("/r");
    store("/loc");
    t.cache
        .updates()
        .invalidateAfter(TestCache.request("POST", "/r"), 201, Fields.of("Location", "/loc"));
    assertThat(told).containsExactly(new InvalidationEvent.Urls(List.of(url("/r"), url("/loc"))));
    assertThat(lookup("/r")).isEqualTo(Decision.MISS);
    assertThat(lookup("/loc")).isEqualTo(Decision.MISS);
  }

  @Test
  void failedOrSafeRequestsTellNothing() {
    t.cache.updates().invalidateAfter(TestCache.request("POST", "/r"), 500, Fields.of());
    t.cache.updates().invalidateAfter(TestCache.request("GET", "/r"), 200, Fields.of());
    t.cache
        .updates()
        .invalidatePathsAfter(
            TestCache.request("DELETE", "/servers/1"),
            404,
            List.of(new PathMatcher(new PathMatch(MatchType.PATH_PREFIX, "/servers"))));
    assertThat(told).isEmpty();
  }

  @Test
  void pathInvalidationIsToldWithTheRulesAsConfigured() {
    store("/servers");
    PathMatch rule = new PathMatch(MatchType.PATH_PREFIX, "/servers/");
    t.cache
        .updates()
        .invalidatePathsAfter(
            TestCache.request("DELETE", "/servers/1"), 204, List.of(new PathMatcher(rule)));
    assertThat(told).hasSize(1);
    InvalidationEvent.Paths paths = (InvalidationEvent.Paths) told.get(0);
    assertThat(paths.origin()).isEqualTo("http://example.com");
    assertThat(paths.matches()).containsExactly(rule);
    assertThat(lookup("/servers")).isEqualTo(Decision.MISS);
  }

  @Test
  @DisplayName("a remote event is applied like a local one and never told again (no loop)")
  void remoteEventsAreAppliedSilently() {
    store("/a");
    store("/static/x.css");
    store("/tools");
    store("/servers/1");
    assertThat(t.cache.invalidations().remote(new InvalidationEvent.Urls(List.of(url("/a")))))
        .isEqualTo(1);
    assertThat(t.cache.invalidations().remote(new InvalidationEvent.Prefix(url("/static/"))))
        .isEqualTo(1);
    assertThat(t.cache.invalidations().remote(new InvalidationEvent.Ban("/tools$"))).isEqualTo(1);
    assertThat(
            t.cache
                .invalidations()
                .remote(
                    InvalidationEvent.Paths.of(
                        "http://example.com",
                        List.of(new PathMatch(MatchType.PATH_PREFIX, "/servers")))))
        .isEqualTo(1);
    assertThat(told).isEmpty();
    for (String target : List.of("/a", "/static/x.css", "/tools", "/servers/1")) {
      assertThat(lookup(target)).as(target).isEqualTo(Decision.MISS);
    }
  }

  @Test
  @DisplayName("dropAll removes every entry and keeps answers in flight from being stored")
  void dropAllForgetsEverythingItCannotVouchFor() {
    store("/a");
    store("/b");
    LookupResult miss = t.lookup(TestCache.RFC, TestCache.get("/c"));
    long sent = t.clock.millis();
    t.clock.advanceSeconds(1);
    assertThat(t.cache.invalidations().dropAll()).isEqualTo(2);
    StoreWriter inFlight =
        t.cache.updates().openWriter(miss, 200, t.withDate("Cache-Control", "max-age=100"), sent);
    inFlight.append(new byte[3], 0, 3);
    assertThat(inFlight.commit()).isNull();
    assertThat(lookup("/a")).isEqualTo(Decision.MISS);
    assertThat(lookup("/c")).isEqualTo(Decision.MISS);
    assertThat(told).isEmpty();
    t.clock.advanceSeconds(1);
    store("/a");
    assertThat(lookup("/a")).as("requested after the drop: stored").isEqualTo(Decision.FRESH_HIT);
  }
}
