package io.mcpedge.server.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpedge.server.exchange.ExchangeRecord.CacheResult;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The JSON of one line: RFC 8259 §7 escaping, RFC 3339 §5.6 times, one line per exchange. */
@Timeout(10)
class AccessLogFormatTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static AccessLogLine line(String target, long epochMillis) {
    return new AccessLogLine(
        epochMillis,
        "api",
        "GET",
        target,
        "HTTP/1.1",
        200,
        3,
        1234,
        1_234_567,
        -1,
        "127.0.0.1:4444",
        2,
        CacheResult.MISS,
        null,
        null,
        "127.0.0.1",
        "abc123");
  }

  private static String format(AccessLogLine l) {
    LineBuffer b = new LineBuffer(16);
    new AccessLogFormat().append(l, b);
    return b.toString();
  }

  static Stream<Arguments> hostileTargets() {
    return Stream.of(
        Arguments.of("/a\"b"),
        Arguments.of("/a\\b"),
        Arguments.of("/a\nb\r\n{\"status\":999}"),
        Arguments.of("/a\u0000b\u001fc\u007f"),
        Arguments.of("/a\u2028b\u2029c"),
        Arguments.of("/caf\u00e9/\uD83D\uDE00"),
        Arguments.of("/lone\uD800surrogate\uDC00"),
        Arguments.of("/tab\there"));
  }

  @ParameterizedTest
  @MethodSource("hostileTargets")
  void anyTargetStaysInsideItsStringOnOneLine(String target) throws Exception {
    String out = format(line(target, 0));
    assertThat(out).endsWith("}\n");
    assertThat(out.substring(0, out.length() - 1))
        .doesNotContain("\n", "\r", "\u2028", "\u2029", "\u0000");
    JsonNode n = JSON.readTree(out);
    String expected = target.replace("\uD800", "\uFFFD").replace("\uDC00", "\uFFFD");
    assertThat(n.get("path").asText()).isEqualTo(expected);
    assertThat(n.get("status").asInt()).isEqualTo(200);
  }

  @Test
  void everyFieldHasItsTypeAndNullsAreJsonNull() throws Exception {
    JsonNode n = JSON.readTree(format(line("/x?a=1", 1_796_662_615_123L)));
    assertThat(n.get("time").asText()).isEqualTo("2026-12-07T16:56:55.123Z");
    assertThat(n.get("route").asText()).isEqualTo("api");
    assertThat(n.get("bytesIn").asLong()).isEqualTo(3);
    assertThat(n.get("bytesOut").asLong()).isEqualTo(1234);
    assertThat(n.get("durationMs").decimalValue()).isEqualByComparingTo("1.234");
    assertThat(n.get("upstreamHeadMs").isNull()).isTrue();
    assertThat(n.get("rejection").isNull()).isTrue();
    assertThat(n.get("traceId").isNull()).isTrue();
    assertThat(n.get("cache").asText()).isEqualTo("miss");
    assertThat(n.get("attempts").asInt()).isEqualTo(2);
  }

  @Test
  void timesKeepTheirMillisecondsAndSecondsWhenZero() {
    AccessLogFormat f = new AccessLogFormat();
    LineBuffer b = new LineBuffer(16);
    f.time(1_796_662_560_000L, b); // 16:56:00.000
    b.put((byte) ' ');
    f.time(1_796_662_560_007L, b);
    b.put((byte) ' ');
    f.time(0, b);
    assertThat(b.toString())
        .isEqualTo("2026-12-07T16:56:00.000Z 2026-12-07T16:56:00.007Z 1970-01-01T00:00:00.000Z");
  }

  @Test
  void durationsAreMillisecondsWithMicroseconds() {
    LineBuffer b = new LineBuffer(16);
    AccessLogFormat.millis(5_000, b);
    b.put((byte) ' ');
    AccessLogFormat.millis(12_345_678_901L, b);
    assertThat(b.toString()).isEqualTo("0.005 12345.678");
  }

  @Test
  void aLineIsExactlyTheseBytes() {
    String expected =
        "{\"time\":\"2026-12-07T16:56:55.123Z\",\"route\":\"api\",\"method\":\"GET\","
            + "\"path\":\"/caf\u00e9?q=\\\"\\u0001\",\"protocol\":\"HTTP/1.1\",\"status\":200,"
            + "\"bytesIn\":3,\"bytesOut\":1234,\"durationMs\":1.234,\"upstreamHeadMs\":null,"
            + "\"upstream\":\"127.0.0.1:4444\",\"attempts\":2,\"cache\":\"miss\",\"rejection\":null,"
            + "\"traceId\":null,\"client\":\"127.0.0.1\",\"connection\":\"abc123\"}\n";
    LineBuffer b = new LineBuffer(16);
    new AccessLogFormat().append(line("/caf\u00e9?q=\"\u0001", 1_796_662_615_123L), b);
    assertThat(b.toString()).isEqualTo(expected);
    assertThat(b.length()).isEqualTo(expected.getBytes(StandardCharsets.UTF_8).length);
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 7, 10, 99, 100, 1234567890123L, -1, -42, Long.MAX_VALUE, Long.MIN_VALUE})
  void numbersAreWrittenAsJavaWritesThem(long n) {
    LineBuffer b = new LineBuffer(1);
    AccessLogFormat.number(n, b);
    assertThat(b.toString()).isEqualTo(Long.toString(n));
  }
}
