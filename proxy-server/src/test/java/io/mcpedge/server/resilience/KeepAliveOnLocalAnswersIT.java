package io.mcpedge.server.resilience;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.mcpedge.server.testsupport.Origins;
import io.mcpedge.server.testsupport.TestEdge;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Answers the proxy gives by itself as soon as the request head arrives (a 429, a cache hit, a
 * direct response) keep the client's HTTP/1.1 connection open: a flood of rejected requests or a
 * stream of hits must not cost a TCP handshake each.
 */
@Timeout(30)
class KeepAliveOnLocalAnswersIT {

  private WireMockServer origin;
  private TestEdge edge;

  @BeforeEach
  void start() throws Exception {
    origin = Origins.start();
    origin.stubFor(
        get(urlPathEqualTo("/static/app.js"))
            .willReturn(
                aResponse()
                    .withHeader("Cache-Control", "max-age=600")
                    .withHeader("Content-Length", "2")
                    .withBody("js")));
    origin.stubFor(
        get(urlPathEqualTo("/limited"))
            .willReturn(aResponse().withHeader("Content-Length", "2").withBody("ok")));
    edge =
        TestEdge.start(
            "upstreams:\n  - name: origin\n    endpoints: [\""
                + Origins.endpoint(origin)
                + "\"]\n"
                + "routes:\n"
                + "  - name: limited\n"
                + "    match: { path: { type: Exact, value: /limited } }\n"
                + "    upstream: origin\n"
                + "    rateLimit: { requestsPerSecond: 1 }\n"
                + "  - name: denied\n"
                + "    match: { path: { type: Exact, value: /denied } }\n"
                + "    directResponse: { status: 403, body: \"denied\" }\n"
                + "  - name: static\n"
                + "    upstream: origin\n"
                + "    cache: { mode: rfc9111 }\n");
  }

  @AfterEach
  void stop() {
    edge.close();
    origin.stop();
  }

  @Test
  void rejectionsHitsAndDirectAnswersKeepTheConnection() throws Exception {
    int port = edge.server().listenerAddress("http").getPort();
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
      // The ticker never moves: the first /limited passes, the rest are refused with 429.
      String[] paths = {
        "/limited",
        "/limited",
        "/limited",
        "/static/app.js",
        "/static/app.js",
        "/denied",
        "/limited"
      };
      int[] expected = {200, 429, 429, 200, 200, 403, 429};
      for (int i = 0; i < paths.length; i++) {
        out.write(
            ("GET " + paths[i] + " HTTP/1.1\r\nHost: edge.test\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        List<String> head = readHead(in);
        assertThat(head.get(0)).as("status line %d", i).contains(" " + expected[i] + " ");
        assertThat(head)
            .as("headers %d", i)
            .noneMatch(h -> h.equalsIgnoreCase("connection: close"));
        skipBody(in, head);
      }
    }
  }

  private static List<String> readHead(BufferedReader in) throws Exception {
    List<String> lines = new ArrayList<>();
    String line;
    while ((line = in.readLine()) != null && !line.isEmpty()) {
      lines.add(line);
    }
    assertThat(lines).as("a response head").isNotEmpty();
    return lines;
  }

  private static void skipBody(BufferedReader in, List<String> head) throws Exception {
    int length =
        head.stream()
            .filter(h -> h.toLowerCase().startsWith("content-length:"))
            .map(h -> Integer.parseInt(h.substring(15).trim()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no Content-Length in " + head));
    for (int i = 0; i < length; i++) {
      if (in.read() < 0) {
        throw new AssertionError("connection closed inside a body");
      }
    }
  }
}
