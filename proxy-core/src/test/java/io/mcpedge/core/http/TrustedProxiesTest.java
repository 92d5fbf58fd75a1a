package io.mcpedge.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TrustedProxiesTest {

  private static final TrustedProxies TRUSTED =
      TrustedProxies.of(
          List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("192.0.2.10"), Cidr.parse("fd00::/8")));

  private static InetAddress ip(String s) {
    return IpLiteral.parse(s);
  }

  @ParameterizedTest
  @CsvSource({
    "10.0.0.0/8, 10.255.1.2, true",
    "10.0.0.0/8, 11.0.0.1, false",
    "192.0.2.10, 192.0.2.10, true",
    "192.0.2.10, 192.0.2.11, false",
    "0.0.0.0/0, 203.0.113.9, true",
    "0.0.0.0/0, ::1, false",
    "fd00::/8, fd12:3456::1, true",
    "fd00::/8, fe80::1, false",
    "::/0, 10.0.0.1, false",
    "10.0.0.0/8, ::ffff:10.0.0.1, true", // IPv4-mapped IPv6 is compared as IPv4
    "172.16.0.0/12, 172.31.255.255, true",
    "172.16.0.0/12, 172.32.0.0, false",
  })
  void cidrContains(String block, String address, boolean inside) {
    assertThat(Cidr.parse(block).contains(ip(address))).isEqualTo(inside);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "10.0.0.0/33",
        "fd00::/129",
        "10.0.0/8",
        "10.0.0.0/",
        "10.0.0.0/-1",
        "example.com",
        "localhost",
        "10.0.0.0/8/8",
        "1e1.0.0.1",
      })
  void invalidBlocksNameTheTextAndTheExpectation(String text) {
    assertThatThrownBy(() -> Cidr.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"" + text + "\"")
        .hasMessageContaining("CIDR");
  }

  /** nginx real_ip_recursive on: the rightmost address that is not a trusted proxy. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "10.0.0.1 | 203.0.113.7 | 203.0.113.7",
        "10.0.0.1 | 198.51.100.1, 203.0.113.7 | 203.0.113.7",
        "10.0.0.1 | 203.0.113.7, 10.9.9.9 | 203.0.113.7",
        "10.0.0.1 | 203.0.113.7 ;10.9.9.9, 192.0.2.10 | 203.0.113.7",
        "10.0.0.1 | 10.1.1.1, 10.2.2.2 | 10.1.1.1",
        "10.0.0.1 | 203.0.113.7, garbage, 10.2.2.2 | 10.2.2.2",
        "10.0.0.1 | 203.0.113.7, not-an-ip | 10.0.0.1",
        "10.0.0.1 | 2001:db8::1, fd00::5 | 2001:db8::1",
        "203.0.113.50 | 198.51.100.1 | 203.0.113.50",
        "fd00::1 | 198.51.100.1 | 198.51.100.1",
      })
  void theClientIsTheRightmostUntrustedAddress(String peer, String fields, String client) {
    List<String> chain = Arrays.stream(fields.split(";")).map(String::trim).toList();
    assertThat(TRUSTED.client(ip(peer), chain)).isEqualTo(ip(client));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a.b.c.d", "1.2.3", "1.2.3.4.5", "1.2.3.4:80", "[::1]", "host"})
  void onlyLiteralsAreAddresses(String text) {
    assertThat(IpLiteral.parse(text)).isNull();
  }
}
