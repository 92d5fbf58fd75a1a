package io.mcpedge.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpedge.core.config.MatchType;
import io.mcpedge.core.config.UpstreamProtocol;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * 64 MiB bodies both ways for every client/upstream protocol pair: HTTP/2 flow control and HTTP/1.1
 * backpressure on both sides of the relay.
 */
@Timeout(120)
class BodyRelayIT {

  @ParameterizedTest
  @CsvSource({
    "--http2-prior-knowledge, HTTP1",
    "--http2-prior-knowledge, H2C",
    "--http1.1, HTTP1",
    "--http1.1, H2C"
  })
  void largeDownload(String clientFlag, UpstreamProtocol upstream) throws Exception {
    long size = 64L << 20;
    try (NettyOrigin origin =
            upstream == UpstreamProtocol.H2C ? NettyOrigin.h2c(100) : NettyOrigin.http1();
        ProxyUnderTest proxy =
            new ProxyUnderTest(
                TestConfigs.config(
                    List.of(TestConfigs.upstream("o", upstream, "127.0.0.1", origin.port())),
                    List.of(TestConfigs.route("all", MatchType.PATH_PREFIX, "/", "o"))))) {
      Clients.Curl c =
          Clients.curl(
              clientFlag,
              "-o",
              "/dev/null",
              "-w",
              "%{http_code} %{size_download}",
              proxy.uri("/download?bytes=" + size).toString());
      assertThat(c.exitCode()).as(c.stderr()).isZero();
      assertThat(c.stdout()).isEqualTo("200 " + size);
    }
  }

  @ParameterizedTest
  @CsvSource({
    "--http2-prior-knowledge, HTTP1",
    "--http2-prior-knowledge, H2C",
    "--http1.1, HTTP1",
    "--http1.1, H2C"
  })
  void largeUpload(String clientFlag, UpstreamProtocol upstream, @TempDir Path dir)
      throws Exception {
    long size = 64L << 20;
    Path file = dir.resolve("body");
    try (InputStream in = new LargeBodyIT.PatternStream(size)) {
      Files.copy(in, file);
    }
    CRC32 crc = new CRC32();
    crc.update(Files.readAllBytes(file));
    try (NettyOrigin origin =
            upstream == UpstreamProtocol.H2C ? NettyOrigin.h2c(100) : NettyOrigin.http1();
        ProxyUnderTest proxy =
            new ProxyUnderTest(
                TestConfigs.config(
                    List.of(TestConfigs.upstream("o", upstream, "127.0.0.1", origin.port())),
                    List.of(TestConfigs.route("all", MatchType.PATH_PREFIX, "/", "o"))))) {
      Clients.Curl c =
          Clients.curl(
              clientFlag,
              "-H",
              "Expect:",
              "--data-binary",
              "@" + file,
              proxy.uri("/upload").toString());
      assertThat(c.exitCode()).as(c.stderr()).isZero();
      assertThat(c.stdout())
          .isEqualTo("bytes=" + size + " crc=" + Long.toHexString(crc.getValue()));
    }
  }
}
