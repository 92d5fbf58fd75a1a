package io.mcpedge.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpedge.core.config.ConfigLoader;
import io.mcpedge.server.channel.Transport;
import io.mcpedge.server.testsupport.ManualClock;
import io.mcpedge.server.testsupport.RawOrigin;
import io.mcpedge.server.time.Scheduler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile input over raw sockets, one test per class of attack: each asserts the status the client
 * gets (or the reset), whether the connection closes, and that the origin received nothing. The
 * proxy runs on a {@link ManualClock}, so a test that needs a timeout moves the clock instead of
 * waiting. See docs/hardening.md for the limits and their defaults.
 */
class HostileInputIT {

  private static final String OK = "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok";

  private RawOrigin origin;
  private EdgeServer edge;
  private final ManualClock clock = new ManualClock();

  @BeforeEach
  void startOrigin() throws IOException {
    origin = new RawOrigin(r -> RawOrigin.Answer.of(OK));
  }

  @AfterEach
  void stop() throws IOException {
    if (edge != null) {
      edge.close();
    }
    origin.close();
  }

  /** Starts the proxy with {@code server} lines (indented by two) and one route to the origin. */
  private int start(String server) throws Exception {
    return start(server, "", clock);
  }

  private int start(String server, String route, Scheduler time) throws Exception {
    String yaml =
        "listeners:\n  - name: http\n    address: 127.0.0.1:0\n"
            + "admin:\n  address: 127.0.0.1:0\n"
            + "server:\n  ioThreads: 1\n"
            + server
            + "upstreams:\n  - name: origin\n    endpoints: [\""
            + origin.endpoint()
            + "\"]\n"
            + "routes:\n  - name: direct\n    match: { path: { type: Exact, value: /direct } }\n"
            + "    directResponse: { status: 200, body: direct }\n"
            + "  - name: api\n    upstream: origin\n"
            + route;
    edge =
        new EdgeServer(
            ConfigLoader.parse(yaml, "test.yaml", Map.of()), Transport.select(true), time);
    edge.start();
    return edge.listenerAddress("http").getPort();
  }

  // ---- HTTP/1.1 ------------------------------------------------------------------------------

  @Test
  void conflictingContentLengthAndTransferEncodingIs400() throws Exception {
    int port = start("");
    Wire w =
        Wire.send(
            port,
            "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
    assertRefused(w, 400);
  }

  @Test
  void badChunkSizeIs400() throws Exception {
    int port = start("");
    Wire w =
        Wire.send(
            port,
            "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n");
    assertRefused(w, 400);
  }

  @Test
  void bareLineFeedIs400() throws Exception {
    int port = start("");
    Wire w = Wire.send(port, "GET / HTTP/1.1\nHost: t\nX-A: b\n\n");
    assertRefused(w, 400);
  }

  @Test
  void nulInAHeaderValueIs400() throws Exception {
    int port = start("");
    Wire w = Wire.send(port, "GET / HTTP/1.1\r\nHost: t\r\nX-A: a\0b\r\n\r\n");
    assertRefused(w, 400);
  }

  @Test
  void tooLongRequestLineIs414() throws Exception {
    int port = start("");
    Wire w = Wire.send(port, "GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: t\r\n\r\n");
    assertRefused(w, 414);
  }

  @Test
  void tooLargeHeaderBlockIs431() throws Exception {
    int port = start("");
    Wire w =
        Wire.send(port, "GET / HTTP/1.1\r\nHost: t\r\nX-Big: " + "b".repeat(70_000) + "\r\n\r\n");
    assertRefused(w, 431);
  }

  @Test
  void tooManyHeaderFieldsAre431() throws Exception {
    int port = start("  maxHeaderCount: 20\n");
    StringBuilder head = new StringBuilder("GET / HTTP/1.1\r\nHost: t\r\n");
    for (int i = 0; i < 20; i++) {
      head.append("X-F").append(i).append(": v\r\n");
    }
    Wire w = Wire.send(port, head + "\r\n");
    assertRefused(w, 431);
  }

  @Test
  void theDefaultHeaderCountIs100() throws Exception {
    int port = start("");
    StringBuilder head = new StringBuilder("GET / HTTP/1.1\r\nHost: t\r\n");
    for (int i = 0; i < 98; i++) {
      head.append("X-F").append(i).append(": v\r\n");
    }
    Wire ok = Wire.send(port, head + "Connection: close\r\n\r\n"); // 100 fields
    assertThat(ok.text).startsWith("HTTP/1.1 200");
    Wire w = Wire.send(port, head + "X-A: v\r\nX-B: v\r\n\r\n"); // 101
    assertThat(w.text).startsWith("HTTP/1.1 431");
    assertThat(w.closed).isTrue();
    assertThat(origin.requests()).isEqualTo(1);
  }

  @Test
  void slowHeadIs408() throws Exception {
    int port = start("  clientHeaderTimeout: 1s\n", "", Scheduler.system());
    Wire w = Wire.send(port, "GET / HTTP/1.1\r\nHost: t\r\n");
    assertRefused(w, 408);
  }

  @Test
  void declaredBodyOverTheRouteLimitIs413BeforeAnyIsRead() throws Exception {
    int port = start("", "    maxRequestBody: 1Ki\n", clock);
    // The head only: the proxy must answer without waiting for the body.
    Wire w = Wire.send(port, "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 1048576\r\n\r\n");
    assertRefused(w, 413);
  }

  @Test
  void declaredBodyOverTheRouteLimitIs413BeforeContinue() throws Exception {
    int port = start("", "    maxRequestBody: 1Ki\n", clock);
    Wire w =
        Wire.send(
            port,
            "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 2048\r\nExpect: 100-continue\r\n\r\n");
    assertThat(w.text).doesNotContain("100 Continue");
    assertRefused(w, 413);
  }

  /**
   * A chunked body is counted as it streams: the upstream has its head and part of the body when
   * the limit is passed, and then sees its connection close in the middle of the body, so it never
   * has a complete request to act on.
   */
  @Test
  void chunkedBodyOverTheRouteLimitIsCutOff() throws Exception {
    int port = start("", "    maxRequestBody: 1Ki\n", clock);
    String chunk = "400\r\n" + "a".repeat(1024) + "\r\n";
    Wire w =
        Wire.send(
            port,
            "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                + chunk
                + chunk
                + chunk
                + "0\r\n\r\n");
    assertRefused(w, 413);
  }

  @Test
  void aRepeatedCredentialIs400() throws Exception {
    int port = start("");
    Wire w =
        Wire.send(
            port,
            "GET / HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer a\r\n"
                + "Authorization: Bearer b\r\nConnection: close\r\n\r\n");
    assertThat(w.text).startsWith("HTTP/1.1 400").contains("repeated credential header");
    assertThat(origin.connections()).isZero();
  }

  @Test
  void connectionsOverThePerClientLimitAreClosedAtAccept() throws Exception {
    int port = start("  maxConnectionsPerClient: 2\n");
    try (Socket a = open(port);
        Socket b = open(port)) {
      // The two are served; a third from the same address is closed unread.
      assertThat(Wire.send(port, "GET / HTTP/1.1\r\nHost: t\r\n\r\n").text).isEmpty();
      assertThat(roundTrip(a)).startsWith("HTTP/1.1 200");
      assertThat(roundTrip(b)).startsWith("HTTP/1.1 200");
    }
    // Their places are free again once they close.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                Wire.send(port, "GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
                    .text
                    .startsWith("HTTP/1.1 200"));
  }

  @Test
  void connectionsOverTheTotalLimitAreClosedAtAccept() throws Exception {
    int port = start("  maxConnections: 1\n");
    try (Socket a = open(port)) {
      Wire refused = Wire.send(port, "GET / HTTP/1.1\r\nHost: t\r\n\r\n");
      assertThat(refused.text).isEmpty();
      assertThat(refused.closed).isTrue();
      assertThat(roundTrip(a)).startsWith("HTTP/1.1 200");
    }
    assertThat(origin.requests()).isEqualTo(1);
  }

  // ---- HTTP/2 --------------------------------------------------------------------------------

  @Test
  void h2TooManyHeaderFieldsAre431() throws Exception {
    int port = start("  maxHeaderCount: 20\n");
    String[] fields = new String[40];
    for (int i = 0; i < 20; i++) {
      fields[2 * i] = "x-f" + i;
      fields[2 * i + 1] = "v";
    }
    try (H2Wire h2 = new H2Wire(port)) {
      h2.request(1, H2Wire.requestBlock("/", fields));
      assertThat(status(h2.await(H2Wire.HEADERS))).isEqualTo("431");
    }
    assertThat(origin.connections()).isZero();
  }

  @Test
  void h2RepeatedCredentialIs400() throws Exception {
    int port = start("");
    try (H2Wire h2 = new H2Wire(port)) {
      h2.request(
          1, H2Wire.requestBlock("/", "authorization", "Bearer a", "authorization", "Bearer b"));
      assertThat(status(h2.await(H2Wire.HEADERS))).isEqualTo("400");
    }
    assertThat(origin.connections()).isZero();
  }

  @Test
  void h2DeclaredBodyOverTheRouteLimitIs413() throws Exception {
    int port = start("", "    maxRequestBody: 1Ki\n", clock);
    try (H2Wire h2 = new H2Wire(port)) {
      h2.frame(
          H2Wire.HEADERS,
          H2Wire.END_HEADERS,
          1,
          H2Wire.block("POST", "/", "content-length", "2048"));
      assertThat(status(h2.await(H2Wire.HEADERS))).isEqualTo("413");
    }
    assertThat(origin.connections()).isZero();
  }

  /**
   * An HTTP/2 body without {@code content-length} is counted as it streams: past the limit the
   * client gets 413 (or its stream reset, when an answer had started) and the upstream never has a
   * complete request.
   */
  @Test
  void h2StreamedBodyOverTheRouteLimitIsCutOff() throws Exception {
    int port = start("", "    maxRequestBody: 1Ki\n", clock);
    try (H2Wire h2 = new H2Wire(port)) {
      h2.frame(H2Wire.HEADERS, H2Wire.END_HEADERS, 1, H2Wire.block("POST", "/"));
      byte[] data = new byte[1024];
      h2.frame(H2Wire.DATA, 0, 1, data);
      h2.frame(H2Wire.DATA, 0, 1, data);
      h2.frame(H2Wire.DATA, H2Wire.END_STREAM, 1, data);
      String outcome = null;
      H2Wire.Frame f;
      while (outcome == null && (f = h2.read()) != null) {
        if (f.type() == H2Wire.HEADERS && f.stream() == 1) {
          outcome = status(f);
        } else if (f.type() == H2Wire.RST_STREAM && f.stream() == 1) {
          outcome = "reset";
        }
      }
      assertThat(outcome).isEqualTo("413");
    }
    assertThat(origin.requests()).isZero();
  }

  /**
   * A header block sent slowly, in CONTINUATION frames that never end it, is bounded by {@code
   * clientHeaderTimeout}: the connection closes when the clock passes it.
   */
  @Test
  void h2SlowHeaderBlockIsClosedAtTheHeaderTimeout() throws Exception {
    int port = start("  clientHeaderTimeout: 5s\n");
    try (H2Wire h2 = new H2Wire(port)) {
      assertThat(h2.await(H2Wire.SETTINGS)).isNotNull(); // the connection speaks HTTP/2 now
      h2.frame(H2Wire.HEADERS, H2Wire.END_STREAM, 1, H2Wire.requestBlock("/"));
      h2.frame(H2Wire.CONTINUATION, 0, 1, new byte[] {0x00, 0x01, 'x', 0x01, 'y'});
      clock.awaitPending(Duration.ofSeconds(5));
      assertThat(h2.closedWithin(200)).isFalse();
      clock.advance(Duration.ofSeconds(6));
      assertThat(h2.closedWithin(5_000)).isTrue();
    }
    assertThat(origin.connections()).isZero();
  }

  @Test
  void h2LargeHeaderBlockIsAConnectionError() throws Exception {
    int port = start("");
    try (H2Wire h2 = new H2Wire(port)) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      b.writeBytes(H2Wire.requestBlock("/"));
      H2Wire.literal(b, "x-big", "a".repeat(100_000));
      sendInFrames(h2, b.toByteArray(), 16_384);
      assertThat(h2.await(H2Wire.GOAWAY)).isNotNull();
      assertThat(h2.closedWithin(5_000)).isTrue();
    }
    assertThat(origin.connections()).isZero();
  }

  @Test
  void h2ContinuationFloodIsCut() throws Exception {
    int port = start("");
    try (H2Wire h2 = new H2Wire(port)) {
      h2.frame(H2Wire.HEADERS, H2Wire.END_STREAM, 1, H2Wire.requestBlock("/"));
      byte[] empty = new byte[0];
      boolean cut = false;
      for (int i = 0; i < 20_000 && !cut; i++) {
        try {
          h2.frame(H2Wire.CONTINUATION, 0, 1, empty);
        } catch (IOException e) {
          cut = true;
        }
      }
      // The HTTP/2 frame reader refuses the flood long before 20,000 frames: GOAWAY, then close.
      assertThat(cut || h2.await(H2Wire.GOAWAY) != null).isTrue();
      assertThat(h2.closedWithin(5_000)).isTrue();
    }
    assertThat(origin.connections()).isZero();
  }

  @Test
  void h2HpackBombIsRefused() throws Exception {
    int port = start("");
    try (H2Wire h2 = new H2Wire(port)) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      b.writeBytes(H2Wire.requestBlock("/"));
      // One 4 KiB field into the dynamic table (RFC 7541 §6.2.1), then 1-byte references to it.
      b.write(0x40);
      byte[] name = "x-bomb".getBytes(StandardCharsets.ISO_8859_1);
      H2Wire.integer(b, 0, 7, name.length);
      b.writeBytes(name);
      H2Wire.integer(b, 0, 7, 4000);
      b.writeBytes("a".repeat(4000).getBytes(StandardCharsets.ISO_8859_1));
      for (int i = 0; i < 8000; i++) {
        b.write(0x80 | 62); // indexed: the first dynamic entry
      }
      sendInFrames(h2, b.toByteArray(), 16_384);
      H2Wire.Frame f;
      String outcome = null;
      while ((f = h2.read()) != null && outcome == null) {
        if (f.type() == H2Wire.HEADERS && f.stream() == 1) {
          outcome = status(f);
        } else if (f.type() == H2Wire.RST_STREAM || f.type() == H2Wire.GOAWAY) {
          outcome = "reset";
        }
      }
      assertThat(outcome).isIn("431", "reset");
    }
    assertThat(origin.connections()).isZero();
  }

  @Test
  void h2RapidResetEndsTheConnection() throws Exception {
    int port = start("");
    try (H2Wire h2 = new H2Wire(port)) {
      boolean cut = false;
      for (int s = 1; s < 2_000 && !cut; s += 2) {
        try {
          h2.request(s, H2Wire.requestBlock("/direct"));
          h2.reset(s);
        } catch (IOException e) {
          cut = true;
        }
      }
      H2Wire.Frame goaway = h2.await(H2Wire.GOAWAY);
      assertThat(cut || goaway != null).isTrue();
    }
    assertThat(origin.connections()).isZero();
  }

  /**
   * Each HTTP/2 connection error a client provokes used to log a 30-line stack trace at WARN (the
   * pipeline's tail). Now: one line for the first of a minute, a count with the first of the next.
   * slf4j-simple writes to {@code System.err} as it is at each call, so the test captures it.
   */
  @Test
  void clientProtocolErrorsLogOneLinePerMinute() throws Exception {
    int port = start("");
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      for (int i = 0; i < 20; i++) {
        provokeConnectionError(port);
      }
      clock.advance(Duration.ofSeconds(61));
      provokeConnectionError(port);
    } finally {
      System.setErr(original);
    }
    List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).as(String.join("\n", lines)).noneMatch(l -> l.startsWith("\tat "));
    assertThat(lines).noneMatch(l -> l.contains("exceptionCaught"));
    assertThat(lines.stream().filter(l -> l.contains("client protocol error, connection closed")))
        .hasSize(2);
    assertThat(lines).anyMatch(l -> l.contains("19 more client protocol errors in the last 61s"));
    assertThat(origin.connections()).isZero();
  }

  /** Requests the proxy refuses as the client's fault (4xx) are not warnings: nothing is logged. */
  @Test
  void refusedRequestsAreNotLoggedAsWarnings() throws Exception {
    int port = start("  maxHeaderCount: 5\n");
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      String head = "GET / HTTP/1.1\r\nHost: t\r\nA: 1\r\nB: 1\r\nC: 1\r\nD: 1\r\nE: 1\r\n\r\n";
      for (int i = 0; i < 10; i++) {
        assertThat(Wire.send(port, head).text).startsWith("HTTP/1.1 431");
        assertThat(Wire.send(port, "GET /a%2Fb HTTP/1.1\r\nHost: t\r\n\r\n").text)
            .startsWith("HTTP/1.1 400");
      }
    } finally {
      System.setErr(original);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("WARN");
  }

  /** A SETTINGS frame whose length is not a multiple of 6: FRAME_SIZE_ERROR (RFC 9113 §6.5). */
  private static void provokeConnectionError(int port) throws IOException {
    try (H2Wire h2 = new H2Wire(port)) {
      h2.frame(H2Wire.SETTINGS, 0, 0, new byte[5]);
      assertThat(h2.closedWithin(5_000)).isTrue();
    }
  }

  // ---- trusted proxies -----------------------------------------------------------------------

  /** Answers with the X-Forwarded-For the origin received. */
  private static RawOrigin.Answer echoForwardedFor(RawOrigin.Request r) {
    String xff = String.valueOf(r.header("X-Forwarded-For"));
    return RawOrigin.Answer.of(
        "HTTP/1.1 200 OK\r\ncontent-length: " + xff.length() + "\r\n\r\n" + xff);
  }

  @Test
  void anUntrustedPeersForwardedForIsReplaced() throws Exception {
    origin.close();
    origin = new RawOrigin(HostileInputIT::echoForwardedFor);
    int port = start("");
    String got = RawHttp.exchange(port, forwardedGet("203.0.113.7")).body();
    assertThat(got).isEqualTo("127.0.0.1");
  }

  @Test
  void aTrustedPeersForwardedForIsExtended() throws Exception {
    origin.close();
    origin = new RawOrigin(HostileInputIT::echoForwardedFor);
    int port = start("  trustedProxies: [\"127.0.0.0/8\", \"10.0.0.0/8\", \"::1/128\"]\n");
    String got = RawHttp.exchange(port, forwardedGet("198.51.100.1, 203.0.113.7, 10.1.2.3")).body();
    assertThat(got).isEqualTo("198.51.100.1, 203.0.113.7, 10.1.2.3, 127.0.0.1");
  }

  /**
   * Behind a trusted proxy the rate limit keys on the rightmost untrusted address of the chain: two
   * clients of one load balancer get a bucket each, and a client cannot pick a fresh bucket by
   * prepending addresses of its own.
   */
  @Test
  void rateLimitsFollowTheClientATrustedProxyNames() throws Exception {
    int port =
        start(
            "  trustedProxies: [\"127.0.0.1\", \"10.0.0.0/8\"]\n",
            "    rateLimit: { requestsPerSecond: 1, burst: 1, key: clientAddress }\n",
            clock);
    assertThat(RawHttp.exchange(port, forwardedGet("203.0.113.7, 10.0.0.2")).status())
        .isEqualTo(200);
    assertThat(RawHttp.exchange(port, forwardedGet("1.1.1.1, 203.0.113.7")).status())
        .isEqualTo(429);
    assertThat(RawHttp.exchange(port, forwardedGet("203.0.113.8")).status()).isEqualTo(200);
    assertThat(origin.requests()).isEqualTo(2);
  }

  private static String forwardedGet(String xff) {
    return "GET / HTTP/1.1\r\nHost: t\r\nX-Forwarded-For: " + xff + "\r\nConnection: close\r\n\r\n";
  }

  // ---- helpers -------------------------------------------------------------------------------

  private void assertRefused(Wire w, int status) {
    assertThat(w.text).as(w.text).startsWith("HTTP/1.1 " + status);
    assertThat(w.closed).as("closed after %s", status).isTrue();
    assertThat(origin.requests()).as("requests at the origin").isZero();
  }

  private static String status(H2Wire.Frame headers) {
    if (headers == null) {
      return null;
    }
    byte first = headers.payload()[0];
    // The server's encoder uses the static table for these (RFC 7541 Appendix A).
    return switch (first & 0xff) {
      case 0x88 -> "200";
      case 0x89 -> "204";
      case 0x8c -> "400";
      case 0x8d -> "404";
      case 0x8e -> "500";
      default ->
          new String(headers.payload(), StandardCharsets.ISO_8859_1)
              .replaceAll("[^0-9]", " ")
              .trim()
              .split(" +")[0];
    };
  }

  private static void sendInFrames(H2Wire h2, byte[] block, int size) throws IOException {
    int at = 0;
    boolean first = true;
    try {
      while (at < block.length) {
        int n = Math.min(size, block.length - at);
        byte[] part = java.util.Arrays.copyOfRange(block, at, at + n);
        at += n;
        int flags = at == block.length ? H2Wire.END_HEADERS : 0;
        if (first) {
          h2.frame(H2Wire.HEADERS, flags | H2Wire.END_STREAM, 1, part);
          first = false;
        } else {
          h2.frame(H2Wire.CONTINUATION, flags, 1, part);
        }
      }
    } catch (IOException e) {
      // the proxy closed the connection before the block ended
    }
  }

  private static Socket open(int port) throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
    s.setSoTimeout(10_000);
    return s;
  }

  private static String roundTrip(Socket s) throws IOException {
    s.getOutputStream()
        .write("GET / HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    byte[] buf = new byte[512];
    int n = s.getInputStream().read(buf);
    return n <= 0 ? "" : new String(buf, 0, n, StandardCharsets.ISO_8859_1);
  }

  /** What one connection got back: every byte until the proxy closed it or was silent for 5 s. */
  private record Wire(String text, boolean closed) {
    static Wire send(int port, String request) throws IOException {
      try (Socket s = open(port)) {
        s.setSoTimeout(5_000);
        OutputStream out = s.getOutputStream();
        try {
          out.write(request.getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
        } catch (IOException e) {
          // refused before the request was written: read what came back
        }
        InputStream in = s.getInputStream();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        boolean closed;
        try {
          int n;
          while ((n = in.read(buf)) >= 0) {
            got.write(buf, 0, n);
          }
          closed = true;
        } catch (SocketTimeoutException e) {
          closed = false;
        } catch (IOException e) {
          closed = true; // reset
        }
        return new Wire(got.toString(StandardCharsets.ISO_8859_1), closed);
      }
    }
  }
}
