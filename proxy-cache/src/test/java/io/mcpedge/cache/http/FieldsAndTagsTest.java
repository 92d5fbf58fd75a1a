package io.mcpedge.cache.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FieldsAndTagsTest {

  @Test
  void namesAreCaseInsensitiveAndOrderIsKept() {
    Fields f = Fields.of("Vary", "a", "content-type", "text/plain", "VARY", "b");
    assertThat(f.get("vary")).isEqualTo("a");
    assertThat(f.getAll(new StringBuilder("Vary"))).containsExactly("a", "b");
    assertThat(f.contains("Content-Type")).isTrue();
    assertThat(f.contains("etag")).isFalse();
    assertThat(f.getAll("etag")).isEmpty();
    assertThat(f.without(Set.of("vary"))).isEqualTo(Fields.of("content-type", "text/plain"));
  }

  @Test
  void oddArgumentsAreRejected() {
    assertThatThrownBy(() -> Fields.of("a"))
        .hasMessage("namesAndValues: 1 elements (expected: an even number)");
  }

  @Test
  void builderRemovesEveryLine() {
    Fields f = Fields.builder().add("A", "1").add("b", "2").add("a", "3").remove("a").build();
    assertThat(f).isEqualTo(Fields.of("b", "2"));
  }

  @ParameterizedTest(name = "[{index}] {0} vs {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "'\"1\"'|'\"1\"'|true|true",
        "'W/\"1\"'|'W/\"1\"'|true|false",
        "'W/\"1\"'|'\"1\"'|true|false",
        "'\"1\"'|'\"2\"'|false|false",
        "'W/\"1\"'|'W/\"2\"'|false|false"
      })
  @DisplayName("RFC 9110 §8.8.3.2: weak and strong comparison")
  void comparison(String a, String b, boolean weak, boolean strong) {
    assertThat(EntityTags.weakMatch(a, b)).isEqualTo(weak);
    assertThat(EntityTags.strongMatch(a, b)).isEqualTo(strong);
  }

  @Test
  @DisplayName("RFC 9110 §13.1.2: If-None-Match lists and *")
  void lists() {
    assertThat(EntityTags.anyWeakMatch(List.of("\"a\", W/\"b\""), "\"b\"")).isTrue();
    assertThat(EntityTags.anyWeakMatch(List.of("\"a\"", "\"c,d\""), "\"c,d\"")).isTrue();
    assertThat(EntityTags.anyWeakMatch(List.of("\"a\""), "\"b\"")).isFalse();
    assertThat(EntityTags.anyWeakMatch(List.of("*"), "\"x\"")).isTrue();
  }
}
