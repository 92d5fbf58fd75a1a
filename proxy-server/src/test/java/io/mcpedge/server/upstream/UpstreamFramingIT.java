package io.mcpedge.server.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpedge.server.testsupport.RawOrigin;
import io.mcpedge.server.testsupport.RawOrigin.Answer;
import io.mcpedge.server.testsupport.TestEdge;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A pooled HTTP/1.1 connection is reused only when its last answer ended exactly where its framing
 * said (RFC 9112 §6.3) and nothing else arrived. Each case is an answer whose bytes go on past its
 * framing (content on a {@code HEAD}, {@code 204} or {@code 304} answer, a body longer than its
 * {@code Content-Length}) or whose framing forbids reuse (both {@code Content-Length} and {@code
 * Transfer-Encoding}), followed by a plain request on a pool of one connection. Left in the
 * decoder, the extra bytes, upper-case UUIDs as in the answers that were misread, prefixed the next
 * status line: {@code 502 invalid version format: …9C2EHTTP/1.1}.
 */
@Timeout(60)
class UpstreamFramingIT {

  private static final String TAIL = "5F0C1D2E-3A4B-4C5D-8E9F-0A1B2C3D4E5F";
  private static final String NEXT =
      "HTTP/1.1 200 OK\r\nContent-Length: 4\r\nX-Answer: next\r\n\r\nnext";

  private RawOrigin origin;
  private TestEdge edge;

  @AfterEach
  void stop() throws Exception {
    if (edge != null) {
      edge.close();
    }
    if (origin != null) {
      origin.close();
    }
  }

  static Stream<Arguments> overlongAnswers() {
    return Stream.of(
        Arguments.of("HEAD", "HTTP/1.1 200 OK\r\nContent-Length: 36\r\n\r\n" + TAIL, 200, ""),
        Arguments.of("GET", "HTTP/1.1 204 No Content\r\n\r\n" + TAIL, 204, ""),
        Arguments.of(
            "GET", "HTTP/1.1 304 Not Modified\r\nContent-Length: 36\r\n\r\n" + TAIL, 304, ""),
        Arguments.of("GET", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok" + TAIL, 200, "ok"),
        // RFC 9112 §6.3: Transfer-Encoding wins over Content-Length, and the connection is spent.
        Arguments.of(
            "GET",
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nchunk\r\n0\r\n\r\n",
            200,
            "chunk"));
  }

  @ParameterizedTest
  @MethodSource("overlongAnswers")
  void theConnectionOfAnAnswerThatDidNotEndCleanlyIsNotReused(
      String method, String wire, int status, String body) throws Exception {
    origin = new RawOrigin(req -> Answer.of(req.target().equals("/first") ? wire : NEXT));
    edge =
        TestEdge.startOneLoop(
            "upstreams:\n  - name: origin\n    endpoints: [\""
                + origin.endpoint()
                + "\"]\n    pool: { maxConnections: 1, maxIdle: 1 }\n"
                + "routes:\n  - name: all\n    upstream: origin\n");
    HttpResponse<String> first = send(method, "/first");
    assertThat(first.statusCode()).isEqualTo(status);
    assertThat(first.body()).isEqualTo(body);
    if (wire.contains("Transfer-Encoding")) {
      assertThat(first.headers().firstValue("content-length"))
          .as("the length a Transfer-Encoding overrode is not passed on")
          .isNotEqualTo(Optional.of("2"));
    }
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> next = send("GET", "/next");
      assertThat(next.statusCode()).isEqualTo(200);
      assertThat(next.body()).isEqualTo("next");
    }
    assertThat(origin.connections())
        .as("a new connection after the first answer, reused after that")
        .isEqualTo(2);
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    return edge.client()
        .send(
            HttpRequest.newBuilder(edge.uri(path))
                .timeout(Duration.ofSeconds(20))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
