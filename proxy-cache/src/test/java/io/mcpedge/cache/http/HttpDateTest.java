package io.mcpedge.cache.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HttpDateTest {

  private static final long NOV_6_1994 = 784111777000L;

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        "Sun, 06 Nov 1994 08:49:37 GMT",
        " Sun, 06 Nov 1994 08:49:37 GMT ",
        "Sunday, 06-Nov-94 08:49:37 GMT",
        "Sun Nov  6 08:49:37 1994"
      })
  @DisplayName("RFC 9110 §5.6.7: IMF-fixdate and both obsolete formats are accepted")
  void acceptedFormats(String value) {
    assertThat(HttpDate.parse(value)).isEqualTo(NOV_6_1994);
  }

  @ParameterizedTest(name = "[{index}] ''{0}''")
  @ValueSource(
      strings = {"0", "-1", "", "yesterday", "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 32 Nov 1994"})
  @DisplayName("RFC 9111 §5.3: invalid dates, such as Expires: 0, are reported invalid")
  void invalidDates(String value) {
    assertThat(HttpDate.parse(value)).isEqualTo(HttpDate.INVALID);
  }

  @Test
  void nullIsInvalid() {
    assertThat(HttpDate.parse(null)).isEqualTo(HttpDate.INVALID);
  }

  @ParameterizedTest
  @CsvSource({
    "784111777000, 'Sun, 06 Nov 1994 08:49:37 GMT'",
    "0, 'Thu, 01 Jan 1970 00:00:00 GMT'"
  })
  void formatsImfFixdate(long millis, String expected) {
    assertThat(HttpDate.format(millis)).isEqualTo(expected);
    assertThat(HttpDate.parse(expected)).isEqualTo(millis);
  }
}
