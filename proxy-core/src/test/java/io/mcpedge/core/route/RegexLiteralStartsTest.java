package io.mcpedge.core.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(30)
class RegexLiteralStartsTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      nullValues = "null",
      value = {
        "^/servers/[^/]+/sse$ ; /servers/",
        "^/v1/tools$|^/v2/tools$ ; /v1/tools /v2/tools",
        "^/(tools|prompts)/[a-z]+$ ; /tools/ /prompts/",
        "^/api/(a|b)/ ; /api/a/ /api/b/",
        "^/api/(?:a|b)/ ; /api/a/ /api/b/",
        "^/(v1|v2)/svc7/files/[0-9]+$ ; /v1/svc7/files/ /v2/svc7/files/",
        "^/(v1|v2\\d)/x ; /v1/x /v2",
        "^/(a|b)+/x ; /a /b",
        "^(/v1|/v2)/tools ; /v1/tools /v2/tools",
        "^/a(b|c)+ ; /ab /ac",
        "^/a(b\\.c|d[0-9]) ; /ab.c /ad",
        "^/a(bc?|d) ; /ab /ad",
        "^/a(b|(c|d)) ; /ab /a",
        "^/a|^/ab ; /a /ab",
        "^/a(b|c)?x ; /a",
        "^/a(b|c)*x ; /a",
        "^/a(b|c){0,1}x ; /a",
        "^/a(?=b|c) ; /a",
        "^/a(?<n>b|c) ; /a",
        "^/ab?(c|d) ; /a",
        "^/(v1/)?tools$ ; /",
        "^/a|/b ; null",
        "^/a| ; null",
        "^/a|^[b] ; null",
        "^(/a|b) ; /a b",
        "(^/a|^/b) ; null",
        "^/a(?i)b|^/c ; null",
        "^/a\\Q|\\E|^/b ; null",
        "^/a[]|]|^/b ; null",
        "^/a[a[|]]|^/b ; null",
        "^/a\\c|^/b ; null",
        "(?i)^/abc ; null",
        "\\.css$ ; null"
      })
  void readsTheStartOfEachAlternative(String regex, String expected) {
    List<String> starts = RegexLiteralStarts.of(regex);
    assertThat(starts).isEqualTo(expected == null ? null : Arrays.asList(expected.split(" ")));
  }

  /**
   * What the index relies on: over many random expressions with alternatives and many paths, every
   * path that an expression finds starts with one of its starts. A start the reading made up, or
   * one it left out, fails here.
   */
  @Test
  void everyPathFoundStartsWithOneOfTheStarts() {
    int read = 0;
    int found = 0;
    for (long seed = 1; seed <= 6_000; seed++) {
      Random rnd = new Random(seed);
      String regex = RegexGen.regex(rnd);
      Pattern pattern;
      try {
        pattern = Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        continue;
      }
      List<String> starts = RegexLiteralStarts.of(regex);
      if (starts == null) {
        continue;
      }
      read++;
      for (int i = 0; i < 300; i++) {
        String path = RegexGen.path(rnd);
        if (pattern.matcher(path).find()) {
          found++;
          assertThat(starts.stream().anyMatch(path::startsWith))
              .as("seed %d: %s finds %s, starts %s", seed, regex, path, starts)
              .isTrue();
        }
      }
    }
    // Enough expressions read, and enough paths found, for agreeing to prove something.
    assertThat(read).isGreaterThan(800);
    assertThat(found).isGreaterThan(10_000);
  }
}
