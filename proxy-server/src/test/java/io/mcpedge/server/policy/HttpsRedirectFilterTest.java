package io.mcpedge.server.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The host a redirect's {@code Location} is built from: plain names and addresses only. */
@Timeout(5)
class HttpsRedirectFilterTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      nullValues = "null",
      value = {
        "mcp.example.com, mcp.example.com",
        "mcp.example.com:8080, mcp.example.com",
        "127.0.0.1:80, 127.0.0.1",
        "[::1]:8080, [::1]",
        "[::1], [::1]",
        "'', null",
        "null, null",
        "evil.com/x, null",
        "a b, null",
        "evil.com\\@x, null",
        "'host\r\nSet-Cookie: x', null"
      })
  void keepsOnlyAPlainHost(String host, String expected) {
    assertThat(HttpsRedirectFilter.hostWithoutPort(host)).isEqualTo(expected);
  }
}
