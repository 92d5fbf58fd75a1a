package io.mcpedge.server.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(10)
class UriRedactionTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "NULL",
      value = {
        "/ws                                 | /ws",
        "/ws?                                | /ws?",
        "/ws?token=abc                       | /ws?token=REDACTED",
        "/ws?token=                          | /ws?token=REDACTED",
        "/ws?a=1&token=abc&b=2               | /ws?a=1&token=REDACTED&b=2",
        "/ws?token=abc&token=def             | /ws?token=REDACTED&token=REDACTED",
        "/ws?TOKEN=abc                       | /ws?TOKEN=REDACTED",
        "/ws?%74oken=abc                     | /ws?%74oken=REDACTED",
        "/ws?access_token=abc#frag           | /ws?access_token=REDACTED#frag",
        "/ws?token=abc#token=def             | /ws?token=REDACTED#token=def",
        "/ws?mytoken=abc&tokens=x&token      | /ws?mytoken=abc&tokens=x&token",
        "/ws?a=1&&token=a%26b&c              | /ws?a=1&&token=REDACTED&c",
        "/ws?%zz=1&token=x                   | /ws?%zz=1&token=REDACTED",
        "http://h:1/ws?session_id=1&token=x  | http://h:1/ws?session_id=1&token=REDACTED",
        "NULL                                | NULL",
      })
  void redactsTokenQueryParameters(String uri, String expected) {
    assertThat(UriRedaction.redact(uri)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"/plain", "/q?x=1&y=2"})
  void returnsTheSameStringWhenThereIsNothingToHide(String uri) {
    assertThat(UriRedaction.redact(uri)).isSameAs(uri);
  }
}
