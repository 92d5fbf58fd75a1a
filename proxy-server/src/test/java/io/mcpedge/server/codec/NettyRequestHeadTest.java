package io.mcpedge.server.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The routing view of a request target and Host (RFC 9112 §3.2, RFC 9110 §7.2). */
class NettyRequestHeadTest {

  @ParameterizedTest
  @CsvSource({
    "/a/b, /a/b",
    "/a/b?x=1, /a/b",
    "/?x, /",
    "http://h:1/p/q?z, /p/q",
    "http://h, /",
    "*, *",
  })
  void pathOfTheRequestTarget(String uri, String path) {
    assertThat(NettyRequestHead.pathOf(uri)).isEqualTo(path);
  }

  @ParameterizedTest
  @CsvSource({
    "Example.COM:8080, example.com",
    "example.com, example.com",
    "[::1]:9, [::1]",
    "'', ''",
  })
  void hostWithoutPortInLowerCase(String header, String host) {
    assertThat(NettyRequestHead.hostOf(header)).isEqualTo(host);
  }
}
