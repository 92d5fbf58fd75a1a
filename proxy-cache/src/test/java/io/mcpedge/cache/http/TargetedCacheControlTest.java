package io.mcpedge.cache.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpedge.cache.Freshness;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TargetedCacheControlTest {

  private static final TargetedCacheControl EDGE_THEN_CDN =
      new TargetedCacheControl(List.of("Edge-Cache-Control", "CDN-Cache-Control"));

  /** Response fields; the result as {@code toString} of the directives this cache follows. */
  static Stream<Arguments> selection() {
    return Stream.of(
        Arguments.of(
            "RFC 9213 §2.2: the targeted field replaces Cache-Control",
            Fields.of("Cache-Control", "no-store", "CDN-Cache-Control", "max-age=60"),
            "CacheControl[max-age=60 ]"),
        Arguments.of(
            "RFC 9213 §2.2: without a targeted field Cache-Control applies",
            Fields.of("Cache-Control", "max-age=5, private"),
            "CacheControl[max-age=5 private ]"),
        Arguments.of(
            "RFC 9213 §2.2: the first field on the list that is present wins",
            Fields.of("CDN-Cache-Control", "max-age=60", "Edge-Cache-Control", "no-store"),
            "CacheControl[no-store ]"),
        Arguments.of(
            "RFC 9213 §2.1: an invalid field is ignored, the next one on the list counts",
            Fields.of("Edge-Cache-Control", "Max-Age=10", "CDN-Cache-Control", "max-age=60"),
            "CacheControl[max-age=60 ]"),
        Arguments.of(
            "RFC 9213 §2.1: an invalid field falls back to Cache-Control (upper-case key)",
            Fields.of("Cache-Control", "max-age=5", "CDN-Cache-Control", "MAX-AGE=60"),
            "CacheControl[max-age=5 ]"),
        Arguments.of(
            "RFC 9213 §2.1: an empty field is ignored",
            Fields.of("Cache-Control", "max-age=5", "CDN-Cache-Control", ""),
            "CacheControl[max-age=5 ]"),
        Arguments.of(
            "RFC 8941 §4.2.2: a trailing comma makes the field invalid",
            Fields.of("Cache-Control", "max-age=5", "CDN-Cache-Control", "max-age=60,"),
            "CacheControl[max-age=5 ]"),
        Arguments.of(
            "RFC 8941 §4.2.2: an unterminated string makes the field invalid",
            Fields.of("Cache-Control", "max-age=5", "CDN-Cache-Control", "private=\"a"),
            "CacheControl[max-age=5 ]"),
        Arguments.of(
            "RFC 9213 §2.1: a bare key is true; a Dictionary of several members",
            Fields.of("CDN-Cache-Control", "max-age=60, private"),
            "CacheControl[max-age=60 private ]"),
        Arguments.of(
            "RFC 8941 §4.2: several lines are one Dictionary",
            Fields.of("CDN-Cache-Control", "max-age=60", "CDN-Cache-Control", "no-cache"),
            "CacheControl[max-age=60 no-cache ]"),
        Arguments.of(
            "RFC 8941 §4.2.2: a repeated key keeps its last value",
            Fields.of("CDN-Cache-Control", "max-age=10, max-age=60"),
            "CacheControl[max-age=60 ]"),
        Arguments.of(
            "RFC 8941 §3.1.2: parameters are checked and ignored",
            Fields.of("CDN-Cache-Control", "max-age=60;a=1;b, no-store;c=\"x\""),
            "CacheControl[max-age=60 no-store ]"),
        Arguments.of(
            "RFC 8941 §3.3.6: a directive set to false is not given",
            Fields.of("CDN-Cache-Control", "no-store=?0, max-age=60"),
            "CacheControl[max-age=60 ]"),
        Arguments.of(
            "RFC 9111 §4.2.1: a Decimal max-age is invalid, so stale",
            Fields.of("CDN-Cache-Control", "max-age=60.5"),
            "CacheControl[max-age=0 ]"),
        Arguments.of(
            "RFC 9111 §4.2.1: a negative max-age is invalid, so stale",
            Fields.of("CDN-Cache-Control", "max-age=-1"),
            "CacheControl[max-age=0 ]"),
        Arguments.of(
            "RFC 9213 §2.1: a qualified private given as a String is private",
            Fields.of("CDN-Cache-Control", "private=\"set-cookie\", s-maxage=30"),
            "CacheControl[s-maxage=30 private ]"),
        Arguments.of(
            "RFC 5861 directives are understood in a targeted field",
            Fields.of(
                "CDN-Cache-Control", "max-age=1, stale-if-error=60, stale-while-revalidate=5"),
            "CacheControl[max-age=1 stale-while-revalidate=5 stale-if-error=60 ]"),
        Arguments.of(
            "a field that is not on the list changes nothing",
            Fields.of("Cache-Control", "max-age=5", "Other-Cache-Control", "no-store"),
            "CacheControl[max-age=5 ]"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("selection")
  @DisplayName("RFC 9213 §2: which directives this cache follows")
  void selects(String name, Fields response, String directives) {
    assertThat(EDGE_THEN_CDN.of(response)).hasToString(directives);
  }

  static Stream<Arguments> consent() {
    return Stream.of(
        Arguments.of("Cache-Control public, targeted max-age", "public", "max-age=60", true),
        Arguments.of("targeted public alone", "private", "public, max-age=60", false),
        Arguments.of("targeted s-maxage alone", "no-store", "s-maxage=60", false),
        Arguments.of("Cache-Control s-maxage, targeted private", "s-maxage=9", "private", false),
        Arguments.of("Cache-Control must-revalidate", "must-revalidate", "max-age=60", true),
        Arguments.of("without a targeted field, Cache-Control public", "public", null, true));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("consent")
  @DisplayName("RFC 9111 §3.5: only Cache-Control consents to sharing authenticated answers")
  void consentToShareAuthenticatedAnswersComesFromCacheControl(
      String name, String cacheControl, String targeted, boolean shares) {
    Fields response =
        targeted == null
            ? Fields.of("Cache-Control", cacheControl)
            : Fields.of("Cache-Control", cacheControl, "CDN-Cache-Control", targeted);
    assertThat(EDGE_THEN_CDN.of(response).sharesAuthenticated()).isEqualTo(shares);
  }

  @Test
  @DisplayName("RFC 9213 §2.2: a targeted field replaces Expires as well")
  void targetedFieldReplacesExpires() {
    Fields response =
        Fields.of("Expires", "Thu, 01 Jan 2099 00:00:00 GMT", "CDN-Cache-Control", "private");
    assertThat(Freshness.hasExplicitFreshness(response, EDGE_THEN_CDN.of(response))).isFalse();
    Fields plain = Fields.of("Expires", "Thu, 01 Jan 2099 00:00:00 GMT");
    assertThat(Freshness.hasExplicitFreshness(plain, EDGE_THEN_CDN.of(plain))).isTrue();
  }

  @Test
  @DisplayName("RFC 9213 §3: CDN-Cache-Control passes on to clients, an edge's own field does not")
  void hiddenFieldsAreThoseForThisEdgeAlone() {
    assertThat(EDGE_THEN_CDN.hiddenFields()).containsExactly("Edge-Cache-Control");
    assertThat(new TargetedCacheControl(List.of("CDN-Cache-Control")).hiddenFields()).isEmpty();
  }
}
