package io.mcpedge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpedge.cache.http.CacheControl;
import io.mcpedge.cache.http.Fields;
import io.mcpedge.cache.http.HttpDate;
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

class FreshnessTest {

  private static final long NOW = FakeClock.START;

  private static String at(long offsetSeconds) {
    return HttpDate.format(NOW + offsetSeconds * 1000L);
  }

  static RouteCacheConfig rfc(boolean heuristic, Duration negativeTtl) {
    return new RouteCacheConfig(
        CacheMode.RFC9111,
        Duration.ZERO,
        CacheScope.SHARED,
        Duration.ofSeconds(7),
        Duration.ofSeconds(11),
        negativeTtl,
        heuristic);
  }

  static Stream<Arguments> lifetimes() {
    return Stream.of(
        Arguments.of(
            "s-maxage wins over max-age",
            200,
            Fields.of("Cache-Control", "max-age=10, s-maxage=20"),
            false,
            20L),
        Arguments.of(
            "max-age wins over Expires",
            200,
            Fields.of("Cache-Control", "max-age=10", "Expires", at(100), "Date", at(0)),
            false,
            10L),
        Arguments.of(
            "Expires minus Date", 200, Fields.of("Expires", at(100), "Date", at(0)), false, 100L),
        Arguments.of(
            "Expires relative to Date, not to now",
            200,
            Fields.of("Expires", at(100), "Date", at(-50)),
            false,
            150L),
        Arguments.of(
            "Expires without Date uses response time",
            200,
            Fields.of("Expires", at(30)),
            false,
            30L),
        Arguments.of("Expires: 0 is already expired", 200, Fields.of("Expires", "0"), false, 0L),
        Arguments.of(
            "Expires in the past", 200, Fields.of("Expires", at(-10), "Date", at(0)), false, 0L),
        Arguments.of(
            "two differing Expires",
            200,
            Fields.of("Expires", at(100), "Expires", at(200)),
            false,
            0L),
        Arguments.of(
            "invalid max-age is stale, Expires ignored",
            200,
            Fields.of("Cache-Control", "max-age=abc", "Expires", at(100)),
            false,
            0L),
        Arguments.of(
            "no freshness, heuristic off", 200, Fields.of("Last-Modified", at(-1000)), false, 0L),
        Arguments.of(
            "§4.2.2 heuristic 10% of Last-Modified age",
            200, Fields.of("Last-Modified", at(-1000), "Date", at(0)), true, 100L),
        Arguments.of(
            "§4.2.2 heuristic capped at a day",
            200,
            Fields.of("Last-Modified", at(-100L * 86400), "Date", at(0)),
            true,
            86400L),
        Arguments.of(
            "§4.2.2 heuristic not for 302", 302, Fields.of("Last-Modified", at(-1000)), true, 0L),
        Arguments.of("§4.2.2 heuristic needs Last-Modified", 200, Fields.of(), true, 0L),
        Arguments.of("404 without freshness gets negative TTL", 404, Fields.of(), false, 60L),
        Arguments.of(
            "404 with max-age keeps it", 404, Fields.of("Cache-Control", "max-age=5"), false, 5L));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("lifetimes")
  @DisplayName("RFC 9111 §4.2.1/§4.2.2: freshness lifetime")
  void lifetime(String name, int status, Fields headers, boolean heuristic, long seconds) {
    Duration negative = status == 404 ? Duration.ofSeconds(60) : Duration.ZERO;
    long lifetime =
        Freshness.lifetime(
            rfc(heuristic, negative), status, headers, CacheControl.of(headers), NOW);
    assertThat(lifetime).isEqualTo(seconds * 1000L);
  }

  static Stream<Arguments> ages() {
    // request sent at NOW-2s, response received at NOW
    return Stream.of(
        Arguments.of("no Age, Date now: response delay only", Fields.of("Date", at(0)), 2L),
        Arguments.of("Age plus response delay", Fields.of("Date", at(0), "Age", "10"), 12L),
        Arguments.of("apparent age from an old Date", Fields.of("Date", at(-30)), 30L),
        Arguments.of(
            "larger of apparent and corrected", Fields.of("Date", at(-30), "Age", "40"), 42L),
        Arguments.of("Date in the future: no negative age", Fields.of("Date", at(100)), 2L),
        Arguments.of("invalid Age ignored", Fields.of("Date", at(0), "Age", "ten"), 2L),
        Arguments.of("negative Age ignored", Fields.of("Date", at(0), "Age", "-5"), 2L),
        Arguments.of(
            "huge Age clamped to 2^31",
            Fields.of("Date", at(0), "Age", "99999999999999"),
            2147483648L + 2),
        Arguments.of("missing Date", Fields.of("Age", "3"), 5L),
        Arguments.of(
            "RFC 9110 §5.3: a list on one line counts its first member",
            Fields.of("Date", at(0), "Age", "7200, 0"),
            7202L),
        Arguments.of(
            "RFC 9110 §5.3: a list without a space likewise",
            Fields.of("Date", at(0), "Age", "30,0"),
            32L),
        Arguments.of(
            "RFC 9110 §5.3: one line 0, 7200 is as young as its first member",
            Fields.of("Date", at(0), "Age", "0, 7200"),
            2L),
        Arguments.of(
            "two lines count the first",
            Fields.of("Date", at(0), "Age", "7200", "Age", "0"),
            7202L),
        Arguments.of(
            "an invalid first member is ignored", Fields.of("Date", at(0), "Age", "x, 7200"), 2L));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("ages")
  @DisplayName("RFC 9111 §4.2.3: corrected initial age")
  void correctedInitialAge(String name, Fields headers, long seconds) {
    assertThat(Freshness.correctedInitialAge(headers, NOW - 2000, NOW)).isEqualTo(seconds * 1000L);
  }

  @Test
  @DisplayName("RFC 9111 §4.2.3: current age adds resident time")
  void currentAgeAddsResidentTime() {
    Fields h = Fields.of("Date", at(0), "Age", "10", "Cache-Control", "max-age=60");
    Timing t = Freshness.timing(rfc(false, Duration.ZERO), 200, h, CacheControl.of(h), NOW, NOW);
    assertThat(t.currentAge(NOW + 5000)).isEqualTo(15_000);
    assertThat(t.isFresh(NOW + 49_999)).isTrue();
    assertThat(t.isFresh(NOW + 50_000)).isFalse();
    assertThat(t.remaining(NOW + 60_000)).isEqualTo(-10_000);
  }

  @Test
  @DisplayName("RFC 5861: stale windows add the origin's and the route's")
  void staleWindows() {
    Fields h = Fields.of("Cache-Control", "max-age=1, stale-while-revalidate=3, stale-if-error=5");
    Timing t = Freshness.timing(rfc(false, Duration.ZERO), 200, h, CacheControl.of(h), NOW, NOW);
    assertThat(t.staleWhileRevalidate()).isEqualTo(10_000);
    assertThat(t.staleIfError()).isEqualTo(16_000);
  }

  static Stream<Arguments> revalidationFlags() {
    return Stream.of(
        Arguments.of("max-age=5", false, false),
        Arguments.of("max-age=5, no-cache", true, false),
        Arguments.of("max-age=5, must-revalidate", false, true),
        Arguments.of("max-age=5, proxy-revalidate", false, true),
        Arguments.of("s-maxage=5", false, true));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("revalidationFlags")
  @DisplayName("RFC 9111 §5.2.2.2, §5.2.2.4, §5.2.2.8, §5.2.2.10: revalidation flags")
  void flags(String cacheControl, boolean always, boolean neverStale) {
    Fields h = Fields.of("Cache-Control", cacheControl);
    Timing t = Freshness.timing(rfc(false, Duration.ZERO), 200, h, CacheControl.of(h), NOW, NOW);
    assertThat(t.alwaysRevalidate()).isEqualTo(always);
    assertThat(t.neverStale()).isEqualTo(neverStale);
  }

  @Test
  @DisplayName("override mode: forced TTL, origin freshness and no-cache ignored")
  void overrideIgnoresOrigin() {
    RouteCacheConfig override =
        new RouteCacheConfig(
            CacheMode.OVERRIDE,
            Duration.ofMinutes(5),
            CacheScope.PER_CREDENTIAL,
            Duration.ZERO,
            Duration.ZERO,
            Duration.ZERO,
            false);
    Fields h = Fields.of("Cache-Control", "no-store, no-cache, max-age=0, must-revalidate");
    Timing t = Freshness.timing(override, 200, h, CacheControl.of(h), NOW, NOW);
    assertThat(t.freshnessLifetime()).isEqualTo(300_000);
    assertThat(t.alwaysRevalidate()).isFalse();
    assertThat(t.neverStale()).isFalse();
  }
}
