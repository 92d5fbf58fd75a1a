package io.mcpedge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpedge.cache.http.Fields;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VaryKeyTest {

  @Test
  @DisplayName("RFC 9111 §4.1: Vary names are case-insensitive, combined across lines")
  void names() {
    assertThat(VaryKey.names(Fields.of("Vary", "Accept-Encoding, ACCEPT", "vary", "Origin")))
        .containsExactly("accept", "accept-encoding", "origin");
    assertThat(VaryKey.names(Fields.of())).isEmpty();
    assertThat(VaryKey.names(Fields.of("Vary", "Accept, *"))).isSameAs(VaryKey.STAR);
  }

  @ParameterizedTest(name = "[{index}] ''{0}'' vs ''{1}'' -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "gzip, br|br,gzip|true",
        "gzip,br|BR, GZIP|true",
        "gzip, br;q=0|gzip|true",
        "gzip, br;q=0.5|gzip, br|true",
        "gzip;q=0|''|true",
        "gzip|br|false",
        "gzip, gzip|gzip|true",
        "gzip, deflate|gzip|false"
      })
  @DisplayName("RFC 9111 §4.1: Accept-Encoding normalised to the set of accepted codings")
  void acceptEncoding(String a, String b, boolean same) {
    List<String> names = List.of("accept-encoding");
    String[] stored = VaryKey.values(names, Fields.of("Accept-Encoding", a));
    assertThat(VaryKey.matches(names, stored, Fields.of("Accept-Encoding", b))).isEqualTo(same);
  }

  @ParameterizedTest(name = "[{index}] ''{0}'' vs ''{1}'' -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "text/html|text/html|true",
        "text/html,  image/png|text/html, image/png|true",
        "text/html|Text/HTML|false",
        "a, b|b, a|false",
        "'  text/html '|text/html|true",
        "a,|a|true",
        "' , a'|a|true",
        "''|'  '|true",
        "''|a|false"
      })
  @DisplayName("RFC 9111 §4.1: other fields compared after whitespace normalisation")
  void otherFields(String a, String b, boolean same) {
    List<String> names = List.of("accept");
    String[] stored = VaryKey.values(names, Fields.of("Accept", a));
    assertThat(VaryKey.matches(names, stored, Fields.of("Accept", b))).isEqualTo(same);
  }

  @Test
  @DisplayName("RFC 9111 §4.1: an absent header matches only an absent header")
  void absentMatchesOnlyAbsent() {
    List<String> names = List.of("accept-language");
    String[] absent = VaryKey.values(names, Fields.of());
    assertThat(VaryKey.matches(names, absent, Fields.of())).isTrue();
    assertThat(VaryKey.matches(names, absent, Fields.of("Accept-Language", ""))).isFalse();
    assertThat(VaryKey.matches(names, absent, Fields.of("Accept-Language", "en"))).isFalse();
  }

  @Test
  @DisplayName("RFC 9111 §4.1: several Vary fields must all match; lines combine")
  void severalFields() {
    List<String> names = List.of("accept", "origin");
    String[] stored = VaryKey.values(names, Fields.of("Accept", "a", "Accept", "b", "Origin", "o"));
    assertThat(VaryKey.matches(names, stored, Fields.of("Accept", "a, b", "Origin", "o"))).isTrue();
    assertThat(VaryKey.matches(names, stored, Fields.of("Accept", "a, b", "Origin", "p")))
        .isFalse();
  }

  @Test
  void starNeverMatches() {
    assertThat(VaryKey.matches(VaryKey.STAR, new String[0], Fields.of())).isFalse();
  }
}
