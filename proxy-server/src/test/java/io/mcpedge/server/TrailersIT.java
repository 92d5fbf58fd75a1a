package io.mcpedge.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpedge.core.config.MatchType;
import io.mcpedge.core.config.UpstreamProtocol;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Trailer sections cross the proxy without their connection-specific fields (RFC 9110 §7.6.1), both
 * ways over HTTP/1.1: the fields a trailer section's own {@code Connection} names, those its head's
 * {@code Connection} named, and {@code Keep-Alive}. A raw socket on each side, so that the test
 * sees the trailer sections exactly as they were sent.
 */
@Timeout(30)
class TrailersIT {

  @Test
  void connectionSpecificTrailerFieldsAreRemovedBothWays() throws Exception {
    try (NettyOrigin origin = NettyOrigin.http1();
        ProxyUnderTest proxy =
            new ProxyUnderTest(
                TestConfigs.config(
                    List.of(
                        TestConfigs.upstream(
                            "o", UpstreamProtocol.HTTP1, "127.0.0.1", origin.port())),
                    List.of(TestConfigs.route("all", MatchType.PATH_PREFIX, "/", "o"))));
        Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      out.write(
          ("POST /trailers HTTP/1.1\r\nHost: edge.test\r\nConnection: X-Req-Secret\r\n"
                  + "Transfer-Encoding: chunked\r\n\r\n"
                  + "4\r\nping\r\n0\r\nX-Req-Secret: 1\r\nKeep-Alive: timeout=5\r\n"
                  + "Connection: X-Req-Other\r\nX-Req-Other: 1\r\nX-Checksum: abc\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();

      String response = readChunkedResponse(s.getInputStream());
      int headEnd = response.indexOf("\r\n\r\n");
      String head = response.substring(0, headEnd);
      assertThat(head)
          .startsWith("HTTP/1.1 200")
          .containsIgnoringCase("transfer-encoding: chunked");
      assertThat(head.toLowerCase()).doesNotContain("x-secret");
      // The origin names the trailer fields it received in its body.
      assertThat(response).contains("request trailers: X-Checksum\r\n");
      String trailers = response.substring(response.lastIndexOf("\r\n0\r\n") + 5);
      assertThat(trailers.toLowerCase())
          .contains("x-sum: def")
          .doesNotContain("x-secret")
          .doesNotContain("keep-alive")
          .doesNotContain("connection")
          .doesNotContain("x-other");
    }
  }

  /** Reads one chunked response, up to the empty line that ends its trailer section. */
  private static String readChunkedResponse(InputStream in) throws Exception {
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      seen.write(b);
      String text = seen.toString(StandardCharsets.US_ASCII);
      int last = text.indexOf("\r\n0\r\n", text.indexOf("\r\n\r\n"));
      if (last >= 0 && text.endsWith("\r\n\r\n") && text.length() >= last + 7) {
        return text;
      }
    }
    throw new AssertionError("connection closed before the response ended: " + seen);
  }
}
