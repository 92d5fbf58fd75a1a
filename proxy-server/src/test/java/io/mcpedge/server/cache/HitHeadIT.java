package io.mcpedge.server.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bytes of a cache hit's head on HTTP/1.1, read from a raw socket: the stored fields (less the
 * hidden ones) in their stored order, then the hit's own, then those a rate limit above the cache
 * adds, whether the hit's head was encoded field by field or from the entry's pre-encoded block.
 * Every kind of hit goes over one keep-alive connection: GET, HEAD, a range (206) and a conditional
 * request (304), so each answer must also keep the framing of the one after it.
 */
@Timeout(60)
class HitHeadIT {

  private static final String BODY = "0123456789";

  private static ScriptedEdge h;

  @BeforeAll
  static void start() throws Exception {
    h =
        new ScriptedEdge(
            """
            cache:
              targetedFields: [Edge-Cache-Control, CDN-Cache-Control]
            routes:
              - name: limited
                match: { path: { type: PathPrefix, value: / } }
                upstream: origin
                cache: { mode: override, ttl: 300s, scope: public }
                rateLimit: { requestsPerSecond: 1000, burst: 1000 }
            """);
    h.origin.script(
        "/r",
        new ScriptedOrigin.Reply(
            200,
            List.of(
                new String[] {"Content-Type", "application/json"},
                new String[] {"ETag", "\"v1\""},
                new String[] {"Edge-Cache-Control", "max-age=300"},
                new String[] {"Cache-Control", "max-age=300"},
                new String[] {"Age", "2"},
                new String[] {"X-Origin", "one"},
                new String[] {"RateLimit", "origin's own"},
                new String[] {"X-Origin", "two"}),
            BODY));
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  /** The head a hit of {@code /r} carries, status line aside, up to its {@code Age}. */
  private static List<String> stored(String contentLength) {
    return List.of(
        "Content-Type: application/json",
        "ETag: \"v1\"",
        "Cache-Control: max-age=300",
        "X-Origin: one",
        "X-Origin: two",
        "via: 1.1 mcp-edge",
        "content-length: " + contentLength);
  }

  @Test
  void everyKindOfHitCarriesTheStoredFieldsThenItsOwnThenTheRateLimits() throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), h.base.getPort())) {
      s.setSoTimeout(10_000);
      Answer miss = exchange(s, "GET", "");
      assertThat(miss.lines().get(0)).isEqualTo("HTTP/1.1 200 OK");
      assertThat(miss.body()).isEqualTo(BODY);

      Answer hit = exchange(s, "GET", "");
      assertHead(hit, "HTTP/1.1 200 OK", stored("10"));
      assertThat(hit.body()).isEqualTo(BODY);

      Answer head = exchange(s, "HEAD", "");
      assertHead(head, "HTTP/1.1 200 OK", stored("10"));
      assertThat(head.body()).isEmpty();

      Answer range = exchange(s, "GET", "Range: bytes=2-5\r\n");
      assertThat(range.lines().get(0)).isEqualTo("HTTP/1.1 206 Partial Content");
      assertThat(range.lines()).contains("content-range: bytes 2-5/10", "content-length: 4");
      assertThat(range.body()).isEqualTo("2345");

      Answer notModified = exchange(s, "GET", "If-None-Match: \"v1\"\r\n");
      assertThat(notModified.lines().get(0)).isEqualTo("HTTP/1.1 304 Not Modified");
      // RFC 9110 §15.4.5: the validators and caching fields only, no Content-Length.
      assertHead(
          notModified,
          "HTTP/1.1 304 Not Modified",
          List.of("ETag: \"v1\"", "Cache-Control: max-age=300"));
      assertThat(notModified.body()).isEmpty();

      Answer again = exchange(s, "GET", "");
      assertHead(again, "HTTP/1.1 200 OK", stored("10"));
      assertThat(again.body()).isEqualTo(BODY);
    }
  }

  private static void assertHead(Answer a, String statusLine, List<String> stored) {
    List<String> lines = a.lines();
    assertThat(lines.get(0)).isEqualTo(statusLine);
    assertThat(lines.subList(1, 1 + stored.size())).containsExactlyElementsOf(stored);
    List<String> own = lines.subList(1 + stored.size(), lines.size());
    assertThat(own).hasSize(5);
    assertThat(own.get(0)).matches("age: \\d+");
    assertThat(own.get(1)).isEqualTo("x-cache: HIT");
    assertThat(own.get(2)).startsWith("cache-status: ").contains("hit");
    assertThat(own.get(3)).startsWith("ratelimit-policy: ");
    assertThat(own.get(4)).startsWith("ratelimit: ").doesNotContain("origin's own");
  }

  /** One answer: its head's lines, as written, and its body. */
  private record Answer(List<String> lines, String body) {}

  private static Answer exchange(Socket s, String method, String fields) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(
        (method + " /r HTTP/1.1\r\nHost: edge.test\r\n" + fields + "\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    InputStream in = s.getInputStream();
    List<String> lines = new ArrayList<>();
    for (String line = line(in); !line.isEmpty(); line = line(in)) {
      lines.add(line);
    }
    int length = 0;
    for (String l : lines) {
      if (l.regionMatches(true, 0, "content-length: ", 0, 16)) {
        length = Integer.parseInt(l.substring(16));
      }
    }
    boolean bodyless = method.equals("HEAD") || lines.get(0).startsWith("HTTP/1.1 304");
    byte[] body = in.readNBytes(bodyless ? 0 : length);
    return new Answer(lines, new String(body, StandardCharsets.ISO_8859_1));
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("closed after " + b);
      }
      if (c != '\r') {
        b.write(c);
      }
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }
}
