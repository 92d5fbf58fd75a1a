package io.mcpedge.core.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(10)
class RegexLiteralPrefixTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      nullValues = "null",
      value = {
        "^/servers/[^/]+/sse$ ; /servers/",
        "^/mcp$ ; /mcp",
        "^/mcp/?$ ; /mcp",
        "^/ab*c ; /a",
        "^/ab+ ; /a",
        "^/ab{2} ; /a",
        "^/a\\.b/x ; /a.b/x",
        "^/a\\/b ; /a/b",
        "^/a\\.?b ; /a",
        "^/v\\d+/ ; /v",
        "^/a\\Q.b\\E ; /a",
        "^/a(b)c ; /a",
        "^/a(?i)b ; /a",
        "^[a-z] ; ''",
        "^.* ; ''",
        "^^/a ; ''",
        "\\.css$ ; null",
        "tools ; null",
        "(?i)^/abc ; null",
        "/a|^/b ; null",
        "^/a|^/b ; null",
        "^/a[|]b ; null",
        "^/caf\u00e9 ; /caf"
      })
  void readsTheLiteralStartOfAnAnchoredExpression(String regex, String expected) {
    assertThat(RegexLiteralPrefix.of(regex)).isEqualTo(expected);
  }

  /** What the index relies on: every path the expression finds starts with the literal. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "^/mcp/?$ | /mcp",
        "^/ab*c | /ac",
        "^/a\\.?b | /ab",
        "^/v\\d+/ | /v2/x",
        "^/a(?i)b | /aB",
        "^/servers/[^/]+/sse$ | /servers/1/sse"
      })
  void everyMatchStartsWithTheLiteral(String regex, String path) {
    assertThat(Pattern.compile(regex).matcher(path).find()).isTrue();
    assertThat(path).startsWith(RegexLiteralPrefix.of(regex));
  }
}
