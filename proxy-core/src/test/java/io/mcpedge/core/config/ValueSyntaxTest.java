package io.mcpedge.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The typed scalar syntaxes of edge.yaml: durations, sizes, addresses, endpoints, env refs. */
class ValueSyntaxTest {

  @ParameterizedTest
  @CsvSource({
    "250ms, 250",
    "5s, 5000",
    "1m, 60000",
    "1h, 3600000",
    "30d, 2592000000",
    "3600s, 3600000",
    "1m30s, 90000",
    "1h30m, 5400000",
    "1d2h3m4s5ms, 93784005",
    "0s, 0",
    "-5s, -5000"
  })
  void parsesDurations(String text, long millis) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", "5", "s", "5 s", "5S", "1.5s", "30s1m", "1s1s", "5sec", "1w", "-", "+5s", "5s "
      })
  void refusesMalformedDurations(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("\"" + text + "\" (expected: a duration such as 250ms, 5s, 1m30s, 1h or 30d)");
  }

  @ParameterizedTest
  @CsvSource({
    "0, 0",
    "512, 512",
    "64Ki, 65536",
    "1Mi, 1048576",
    "1Gi, 1073741824",
    "2Ti, 2199023255552",
    "1k, 1000",
    "1M, 1000000",
    "1G, 1000000000",
    "3T, 3000000000000"
  })
  void parsesSizes(String text, long bytes) {
    assertThat(ByteSize.parse(text)).isEqualTo(ByteSize.ofBytes(bytes));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Ki", "1K", "1KB", "1MB", "1mi", "1.5Gi", "-1", "1 Mi", "99999999Ti"})
  void refusesMalformedSizes(String text) {
    assertThatThrownBy(() -> ByteSize.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("\"" + text + "\" (expected: a size such as 512, 64Ki");
  }

  @ParameterizedTest
  @CsvSource({
    "0.0.0.0:8080, 0.0.0.0, 8080",
    "127.0.0.1:0, 127.0.0.1, 0",
    "[::1]:8080, ::1, 8080",
    "[::]:9901, ::, 9901",
    "localhost:65535, localhost, 65535"
  })
  void parsesHostPorts(String text, String host, int port) {
    assertThat(HostPort.parse(text)).isEqualTo(new HostPort(host, port));
    assertThat(HostPort.parse(text).toString()).isEqualTo(text);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "localhost",
        ":8080",
        "::1:8080",
        "[::1]",
        "[::1]8080",
        "host:",
        "host:x",
        "a b:1"
      })
  void refusesMalformedHostPorts(String text) {
    assertThatThrownBy(() -> HostPort.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("\"" + text + "\" (expected: host:port, e.g. 0.0.0.0:8080 or [::1]:8080)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"host:65536", "host:99999"})
  void refusesPortsOutOfRange(String text) {
    assertThatThrownBy(() -> HostPort.parse(text))
        .hasMessage("\"" + text + "\" (expected: a port in 0..65535)");
  }

  @ParameterizedTest
  @CsvSource({
    "http://127.0.0.1:4444, 127.0.0.1, 4444",
    "http://gateway, gateway, 80",
    "http://gateway/, gateway, 80",
    "http://mcp-stack-gateway.ns.svc.cluster.local:4444, mcp-stack-gateway.ns.svc.cluster.local,"
        + " 4444",
    "http://[::1]:4444, ::1, 4444",
    "http://[fd00::1], fd00::1, 80"
  })
  void parsesEndpoints(String text, String host, int port) {
    assertThat(EndpointAddress.parse(text)).isEqualTo(new EndpointAddress("http", host, port));
  }

  @ParameterizedTest
  @CsvSource({"https://gw, gw, 443", "https://gw:8443, gw, 8443", "https://[::1]:9443, ::1, 9443"})
  void parsesHttpsEndpointsWithPort443ByDefault(String text, String host, int port) {
    EndpointAddress a = EndpointAddress.parse(text);
    assertThat(a).isEqualTo(new EndpointAddress("https", host, port));
    assertThat(a.isHttps()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "gateway:4444",
        "http://",
        "http://gw:4444/api",
        "http://user@gw:4444",
        "http://::1:4444",
        "http://[::1",
        "http://gw:"
      })
  void refusesMalformedEndpoints(String text) {
    assertThatThrownBy(() -> EndpointAddress.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "\""
                + text
                + "\" (expected: http(s)://host or http(s)://host:port, e.g."
                + " http://127.0.0.1:4444)");
  }

  @ParameterizedTest
  @CsvSource({
    "ftp://gw:21, \"ftp://gw:21\" (expected: an http:// or https:// endpoint)",
    "http://gw:0, \"http://gw:0\" (expected: a port in 1..65535)"
  })
  void refusesUnsupportedEndpoints(String text, String message) {
    assertThatThrownBy(() -> EndpointAddress.parse(text)).hasMessage(message);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "plain | plain",
        "${A} | a-value",
        "x${A}y${B}z | xa-valueyb-valuez",
        "${UNSET:-fallback} | fallback",
        "${EMPTY:-fallback} | fallback",
        "${A:-fallback} | a-value",
        "${UNSET:-} | ''",
        "${UNSET:-host:8080} | host:8080",
        "$${A} | ${A}",
        "cost: $5 | cost: $5",
        "$$ | $$"
      })
  void substitutesEnvironmentReferences(String text, String expected) {
    Map<String, String> env = Map.of("A", "a-value", "B", "b-value", "EMPTY", "");
    assertThat(EnvSubstitution.apply(text, env)).isEqualTo(expected.equals("''") ? "" : expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "${UNSET} | environment variable UNSET to be set, or a default as in ${UNSET:-value}",
        "${EMPTY_OK | an environment reference closed by }, as in ${NAME} or ${NAME:-default}",
        "${1A} | an environment variable name of letters, digits and _, as in ${NAME} or"
            + " ${NAME:-default}",
        "${} | an environment variable name of letters, digits and _, as in ${NAME} or"
            + " ${NAME:-default}"
      })
  void refusesUnresolvableReferences(String text, String expectation) {
    assertThatThrownBy(() -> EnvSubstitution.apply(text, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(expectation);
  }
}
