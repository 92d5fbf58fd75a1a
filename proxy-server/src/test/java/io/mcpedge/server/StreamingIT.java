package io.mcpedge.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpedge.core.config.MatchType;
import io.mcpedge.core.config.UpstreamProtocol;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Responses stream without buffering: a chunk the origin flushes reaches the client while the
 * origin still holds the response open (what SSE and MCP Streamable HTTP depend on).
 */
@Timeout(60)
class StreamingIT {

  @Test
  void aClientThatGoesAwayClosesTheUpstreamConnectionAtOnce() throws Exception {
    try (NettyOrigin origin = NettyOrigin.http1();
        ProxyUnderTest proxy =
            new ProxyUnderTest(
                TestConfigs.config(
                    List.of(
                        TestConfigs.upstream(
                            "o", UpstreamProtocol.HTTP1, "127.0.0.1", origin.port())),
                    List.of(TestConfigs.route("sse", MatchType.PATH_PREFIX, "/", "o"))))) {
      try (Socket s = new Socket("127.0.0.1", proxy.port())) {
        s.getOutputStream()
            .write("GET /stream HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
        String line;
        while ((line = in.readLine()) != null && !line.contains("data: first")) {
          // skip the head and chunk size
        }
        assertThat(line).contains("data: first");
        assertThat(origin.closedConnections()).isZero();
      }
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> origin.closedConnections() == 1);
    }
  }

  @ParameterizedTest(name = "client {0}, upstream {1}")
  @CsvSource({"HTTP_1_1, HTTP1", "HTTP_2, HTTP1", "HTTP_1_1, H2C", "HTTP_2, H2C"})
  void firstChunkArrivesWhileTheOriginHoldsTheStream(
      HttpClient.Version version, UpstreamProtocol upstream) throws Exception {
    try (NettyOrigin origin =
            upstream == UpstreamProtocol.H2C ? NettyOrigin.h2c(100) : NettyOrigin.http1();
        ProxyUnderTest proxy =
            new ProxyUnderTest(
                TestConfigs.config(
                    List.of(TestConfigs.upstream("o", upstream, "127.0.0.1", origin.port())),
                    List.of(TestConfigs.route("sse", MatchType.PATH_PREFIX, "/", "o"))))) {
      HttpClient client = HttpClient.newBuilder().version(version).build();
      if (version == HttpClient.Version.HTTP_2) {
        Clients.get(client, proxy.uri("/warmup")); // the h2c upgrade happens on this one
      }
      HttpResponse<InputStream> res =
          client.send(
              HttpRequest.newBuilder(proxy.uri("/events/stream")).build(),
              HttpResponse.BodyHandlers.ofInputStream());
      assertThat(res.statusCode()).isEqualTo(200);
      assertThat(res.headers().firstValue("content-type")).hasValue("text/event-stream");
      assertThat(res.version()).isEqualTo(version);
      try (BufferedReader in =
          new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
        assertThat(in.readLine()).isEqualTo("data: first"); // the origin is still holding
        assertThat(in.readLine()).isEmpty();
        origin.releaseStreams();
        assertThat(in.readLine()).isEqualTo("data: last");
        assertThat(in.readLine()).isEmpty();
        assertThat(in.readLine()).as("the stream ends cleanly").isNull();
      }
    }
  }
}
