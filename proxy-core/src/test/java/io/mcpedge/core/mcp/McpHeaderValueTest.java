package io.mcpedge.core.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** MCP 2026-07-28, basic/transports, "Value Encoding": the Base64 sentinel of header values. */
@Timeout(10)
class McpHeaderValueTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "NULL",
      value = {
        "search|search",
        "'  search  '|search",
        "=?base64?c2VhcmNo?=|search",
        // "héllo" as UTF-8, the form the SDK client sends for a non-ASCII name
        "=?base64?aMOpbGxv?=|héllo",
        "=?base64?IGxlYWRpbmc=?=|' leading'",
        // not canonical Base64, bad length, invalid UTF-8: refused
        "=?base64?c2VhcmNp?=|searci",
        "=?base64?c2VhcmN?=|NULL",
        "=?base64?c2VhcmNoz=?=|NULL",
        "=?base64?/w==?=|NULL",
        "=?base64?*a==?=|NULL",
      })
  void decodes(String header, String expected) {
    assertThat(McpHeaderValue.decode(header)).isEqualTo(expected);
  }
}
