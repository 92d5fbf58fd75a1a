package io.mcpedge.cache.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CacheControlTest {

  static Stream<Arguments> deltaDirectives() {
    Function<CacheControl, Long> maxAge = CacheControl::maxAge;
    Function<CacheControl, Long> sMaxAge = CacheControl::sMaxAge;
    Function<CacheControl, Long> maxStale = CacheControl::maxStale;
    Function<CacheControl, Long> minFresh = CacheControl::minFresh;
    Function<CacheControl, Long> swr = CacheControl::staleWhileRevalidate;
    Function<CacheControl, Long> sie = CacheControl::staleIfError;
    return Stream.of(
        Arguments.of("max-age=3600", maxAge, 3600L),
        Arguments.of("MAX-AGE=3600", maxAge, 3600L),
        Arguments.of("max-age=\"3600\"", maxAge, 3600L),
        Arguments.of("max-age=0003600", maxAge, 3600L),
        Arguments.of("max-age = 3600", maxAge, 3600L),
        Arguments.of("max-age=99999999999999999999", maxAge, 2147483648L),
        Arguments.of("max-age=-1", maxAge, 0L),
        Arguments.of("max-age=a100", maxAge, 0L),
        Arguments.of("max-age=1.5", maxAge, 0L),
        Arguments.of("max-age=", maxAge, 0L),
        Arguments.of("max-age=100, max-age=100", maxAge, 100L),
        Arguments.of("max-age=100, max-age=1", maxAge, 0L),
        Arguments.of("max-age=1, max-age=100", maxAge, 0L),
        Arguments.of("public", maxAge, CacheControl.ABSENT),
        Arguments.of("s-maxage=60", sMaxAge, 60L),
        Arguments.of("s-maxage=bad", sMaxAge, 0L),
        Arguments.of("max-stale", maxStale, CacheControl.ANY),
        Arguments.of("max-stale=30", maxStale, 30L),
        Arguments.of("max-stale=x", maxStale, CacheControl.ABSENT),
        Arguments.of("min-fresh=10", minFresh, 10L),
        Arguments.of("stale-while-revalidate=30", swr, 30L),
        Arguments.of("stale-if-error=600", sie, 600L),
        Arguments.of("stale-if-error=oops", sie, CacheControl.ABSENT),
        Arguments.of("foo=\"a, max-age=5\", max-age=7", maxAge, 7L),
        Arguments.of("extension, max-age=9", maxAge, 9L));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("deltaDirectives")
  @DisplayName("RFC 9111 §5.2, §1.2.2, §4.2.1: delta-seconds arguments")
  void deltaArguments(String header, Function<CacheControl, Long> read, long expected) {
    assertThat(read.apply(CacheControl.parse(List.of(header)))).isEqualTo(expected);
  }

  static Stream<Arguments> flags() {
    return Stream.of(
        Arguments.of("no-store", "no-store"),
        Arguments.of("NO-STORE", "no-store"),
        Arguments.of("no-cache", "no-cache"),
        Arguments.of("no-cache=\"set-cookie, x-foo\"", "no-cache"),
        Arguments.of("private", "private"),
        Arguments.of("private=\"x-user\"", "private"),
        Arguments.of("public", "public"),
        Arguments.of("must-revalidate", "must-revalidate"),
        Arguments.of("proxy-revalidate", "proxy-revalidate"),
        Arguments.of("only-if-cached", "only-if-cached"),
        Arguments.of("no-transform", "no-transform"),
        Arguments.of("immutable", "immutable"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("flags")
  @DisplayName("RFC 9111 §5.2.2: flag directives, case-insensitive, qualified forms as unqualified")
  void flagDirectives(String header, String flag) {
    CacheControl cc = CacheControl.parse(List.of(header));
    assertThat(flagValue(cc, flag)).isTrue();
    for (String other : List.of("no-store", "no-cache", "private", "public", "must-revalidate")) {
      if (!other.equals(flag)) {
        assertThat(flagValue(cc, other)).as(other).isFalse();
      }
    }
  }

  @Test
  @DisplayName("RFC 9110 §5.3: directives on several field lines combine")
  void severalLines() {
    CacheControl cc = CacheControl.parse(List.of("public", "max-age=60", "must-revalidate"));
    assertThat(cc.isPublic()).isTrue();
    assertThat(cc.maxAge()).isEqualTo(60);
    assertThat(cc.mustRevalidate()).isTrue();
  }

  @Test
  @DisplayName("RFC 9111 §5.2.3: unknown extensions and garbage are ignored")
  void unknownExtensionsIgnored() {
    CacheControl cc = CacheControl.parse(List.of(",,foo=\"bar\\\"baz\", ,=x, max-age=5,"));
    assertThat(cc.maxAge()).isEqualTo(5);
    assertThat(cc.noStore()).isFalse();
  }

  @Test
  void quotedCommaDoesNotSplit() {
    CacheControl cc = CacheControl.parse(List.of("no-cache=\"a, no-store\""));
    assertThat(cc.noCache()).isTrue();
    assertThat(cc.noStore()).isFalse();
  }

  @Test
  void absentHeaderHasNoDirectives() {
    CacheControl cc = CacheControl.of(Fields.of());
    assertThat(cc.maxAge()).isEqualTo(CacheControl.ABSENT);
    assertThat(cc.noStore() || cc.noCache() || cc.isPrivate()).isFalse();
  }

  private static boolean flagValue(CacheControl cc, String flag) {
    return switch (flag) {
      case "no-store" -> cc.noStore();
      case "no-cache" -> cc.noCache();
      case "private" -> cc.isPrivate();
      case "public" -> cc.isPublic();
      case "must-revalidate" -> cc.mustRevalidate();
      case "proxy-revalidate" -> cc.proxyRevalidate();
      case "only-if-cached" -> cc.onlyIfCached();
      case "no-transform" -> cc.noTransform();
      case "immutable" -> cc.immutable();
      default -> throw new IllegalArgumentException(flag);
    };
  }
}
