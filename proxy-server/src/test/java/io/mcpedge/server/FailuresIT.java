package io.mcpedge.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import io.mcpedge.core.config.ByteSize;
import io.mcpedge.core.config.EndpointAddress;
import io.mcpedge.core.config.MatchType;
import io.mcpedge.core.config.ServerConfig;
import io.mcpedge.core.config.TimeoutsConfig;
import io.mcpedge.core.config.UpstreamProtocol;
import io.mcpedge.server.testsupport.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Failures and how each is answered: 502 (refused, reset), 503 (no endpoint), 504 (request and idle
 * timeouts before the response), a closed stream when the response had started, and the request
 * limits (408, 414, 431).
 */
@Timeout(60)
class FailuresIT {

  /**
   * The timeouts under test: longer than the origin's 5 s holds and the awaits, so that only the
   * manual clock can bring them about.
   */
  static final Duration QUICK = Duration.ofSeconds(30);

  static final Duration HEADER_TIMEOUT = Duration.ofMillis(700);

  static WireMockServer wm;
  static NettyOrigin origin;
  static final ManualClock clock = new ManualClock();
  static ProxyUnderTest proxy;

  @BeforeAll
  static void start() throws Exception {
    wm = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
    wm.start();
    wm.stubFor(
        any(urlPathEqualTo("/reset"))
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    origin = NettyOrigin.http1();
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort(); // nothing listens here once the socket is closed
    }
    TimeoutsConfig quick = new TimeoutsConfig(QUICK, null);
    TimeoutsConfig idle = new TimeoutsConfig(Duration.ofHours(1), QUICK);
    proxy =
        new ProxyUnderTest(
            TestConfigs.config(
                server(),
                List.of(
                    TestConfigs.upstream("wm", UpstreamProtocol.HTTP1, "127.0.0.1", wm.port()),
                    TestConfigs.upstream(
                        "origin", UpstreamProtocol.HTTP1, "127.0.0.1", origin.port()),
                    TestConfigs.upstream(
                        "refused", UpstreamProtocol.HTTP1, "127.0.0.1", closedPort),
                    TestConfigs.upstream(
                        "nowhere",
                        UpstreamProtocol.HTTP1,
                        List.of(new EndpointAddress("http", "no-such-host.invalid", 80)),
                        1)),
                List.of(
                    TestConfigs.route("reset", MatchType.EXACT, "/reset", "wm"),
                    TestConfigs.route("refused", MatchType.PATH_PREFIX, "/refused", "refused"),
                    TestConfigs.route("nowhere", MatchType.PATH_PREFIX, "/nowhere", "nowhere"),
                    TestConfigs.route(
                        "slow", TestConfigs.match(MatchType.PATH_PREFIX, "/hold"), "origin", quick),
                    TestConfigs.route(
                        "idle", TestConfigs.match(MatchType.PATH_PREFIX, "/idle"), "origin", idle),
                    TestConfigs.route(
                        "stall",
                        TestConfigs.match(MatchType.PATH_PREFIX, "/stall"),
                        "origin",
                        idle),
                    TestConfigs.route("rest", MatchType.PATH_PREFIX, "/", "origin"))),
            clock);
  }

  static ServerConfig server() {
    return new ServerConfig(
        1,
        Duration.ofSeconds(5),
        256,
        ByteSize.ofBytes(1024),
        ByteSize.ofBytes(64 * 1024),
        HEADER_TIMEOUT);
  }

  /** Sends {@code path} and waits until the origin has the request, so the exchange has begun. */
  static CompletableFuture<HttpResponse<String>> sendToOrigin(HttpClient client, String path) {
    int before = origin.requests();
    CompletableFuture<HttpResponse<String>> res =
        client.sendAsync(
            HttpRequest.newBuilder(proxy.uri(path)).timeout(Duration.ofSeconds(20)).build(),
            HttpResponse.BodyHandlers.ofString());
    await().atMost(Duration.ofSeconds(10)).until(() -> origin.requests() > before);
    return res;
  }

  /** Reads {@code in} until what was read contains {@code marker}, and returns it. */
  static String readUntil(InputStream in, String marker) throws IOException {
    ByteArrayOutputStream read = new ByteArrayOutputStream();
    while (!read.toString(UTF_8).contains(marker)) {
      int b = in.read();
      assertThat(b).as("the answer ended before %s: %s", marker, read).isNotNegative();
      read.write(b);
    }
    return read.toString(UTF_8);
  }

  @AfterAll
  static void stop() {
    if (proxy != null) {
      proxy.close();
    }
    origin.close();
    wm.stop();
  }

  @Test
  void connectionRefusedIs502NamingTheRoute() throws Exception {
    HttpResponse<String> res = Clients.get(Clients.http1(), proxy.uri("/refused"));
    assertThat(res.statusCode()).isEqualTo(502);
    assertThat(res.body()).contains("route refused").hasSizeLessThan(200);
    assertThat(res.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
  }

  @Test
  void upstreamResetBeforeTheResponseIs502() throws Exception {
    HttpResponse<String> res = Clients.get(Clients.http1(), proxy.uri("/reset"));
    assertThat(res.statusCode()).isEqualTo(502);
    assertThat(res.body()).contains("route reset");
  }

  @Test
  void noEndpointIs503() throws Exception {
    HttpResponse<String> res = Clients.get(Clients.http1(), proxy.uri("/nowhere"));
    assertThat(res.statusCode()).isEqualTo(503);
    assertThat(res.body()).contains("no upstream endpoint").contains("route nowhere");
  }

  @Test
  void requestTimeoutBeforeTheResponseIs504() throws Exception {
    CompletableFuture<HttpResponse<String>> res = sendToOrigin(Clients.http1(), "/hold?ms=5000");
    clock.advance(QUICK);
    HttpResponse<String> r = res.get(10, TimeUnit.SECONDS);
    assertThat(r.statusCode()).isEqualTo(504);
    assertThat(r.body()).contains("request timeout").contains("route slow");
  }

  @Test
  void idleTimeoutBeforeTheResponseIs504() throws Exception {
    CompletableFuture<HttpResponse<String>> res =
        sendToOrigin(Clients.http1(), "/idle/hold?ms=5000");
    clock.advance(QUICK);
    HttpResponse<String> r = res.get(10, TimeUnit.SECONDS);
    assertThat(r.statusCode()).isEqualTo(504);
    assertThat(r.body()).contains("idle timeout").contains("route idle");
  }

  @Test
  void idleTimeoutAfterTheResponseStartedClosesTheHttp1Connection() throws Exception {
    try (Socket s = new Socket("127.0.0.1", proxy.port())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write("GET /stall HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(UTF_8));
      s.getOutputStream().flush();
      String head = readUntil(s.getInputStream(), "data: first");
      assertThat(head).startsWith("HTTP/1.1 200");
      clock.advance(QUICK);
      String rest = new String(s.getInputStream().readAllBytes(), UTF_8);
      assertThat(head + rest)
          .as("no terminating chunk: the client sees a cut stream")
          .doesNotEndWith("0\r\n\r\n");
    }
  }

  @Test
  void idleTimeoutAfterTheResponseStartedResetsTheHttp2Stream() throws Exception {
    Process curl =
        new ProcessBuilder(
                "curl",
                "-sS",
                "-N", // unbuffered: the event is read before the clock moves
                "--max-time",
                "30",
                "--http2-prior-knowledge",
                proxy.uri("/stall").toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      readUntil(curl.getInputStream(), "data: first");
      clock.advance(QUICK);
      curl.getInputStream().readAllBytes();
      assertThat(curl.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(curl.exitValue())
          .as("curl reports the reset stream, not its own time limit (28)")
          .isNotZero()
          .isNotEqualTo(28);
    } finally {
      curl.destroyForcibly();
    }
  }

  @Test
  void concurrentHttp2StreamsOfOneConnectionEachKeepTheirOwnRequestTimeout() throws Exception {
    HttpClient h2 = Clients.http2(); // one connection per host: upgraded first, then multiplexed
    assertThat(Clients.get(h2, proxy.uri("/hold?ms=0")).version())
        .isEqualTo(HttpClient.Version.HTTP_2);
    // Two held streams, started half a timeout apart, and a quick one beside them.
    CompletableFuture<HttpResponse<String>> first = sendToOrigin(h2, "/hold?ms=5000&n=1");
    clock.advance(QUICK.dividedBy(2));
    CompletableFuture<HttpResponse<String>> second = sendToOrigin(h2, "/hold?ms=5000&n=2");
    HttpResponse<String> quick = sendToOrigin(h2, "/hold?ms=0").get(10, TimeUnit.SECONDS);
    assertThat(quick.statusCode()).isEqualTo(200);
    assertThat(quick.version()).isEqualTo(HttpClient.Version.HTTP_2);

    clock.advance(QUICK.dividedBy(2)); // the first stream's timeout, not yet the second's
    assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(504);
    assertThat(first.get().version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(second).isNotDone();

    clock.advance(QUICK.dividedBy(2));
    assertThat(second.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(504);
  }

  @Test
  void anUnparseableUpstreamResponseIs502() throws Exception {
    HttpResponse<String> res = Clients.get(Clients.http1(), proxy.uri("/x/badheader"));
    assertThat(res.statusCode()).isEqualTo(502);
    assertThat(res.body()).contains("invalid upstream response").contains("route rest");
  }

  @Test
  void tooLongRequestLineIs414AndNeverReachesTheUpstream() throws Exception {
    int before = origin.requests();
    String raw =
        Clients.raw(proxy.port(), "GET /" + "a".repeat(400) + " HTTP/1.1\r\nHost: t\r\n\r\n");
    assertThat(raw).startsWith("HTTP/1.1 414");
    assertThat(origin.requests()).isEqualTo(before);
  }

  @Test
  void anInvalidHeaderNameIs400AndNeverReachesTheUpstreamEvenAfterValidRequests() throws Exception {
    int before = origin.requests();
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", proxy.port())) {
      s.setSoTimeout(10_000);
      java.io.OutputStream out = s.getOutputStream();
      java.io.InputStream in = s.getInputStream();
      // Two valid requests first, one after the other on this connection: its codec has then seen
      // (and remembers) the valid names, and must still check every new one.
      for (int i = 0; i < 2; i++) {
        out.write("GET /x/ok HTTP/1.1\r\nHost: t\r\nX-Trace: 1\r\n\r\n".getBytes(UTF_8));
        out.flush();
        StringBuilder got = new StringBuilder();
        while (!got.toString().endsWith("hello")) {
          int b = in.read();
          assertThat(b).as("answer %d so far: %s", i, got).isNotNegative();
          got.append((char) b);
        }
        assertThat(got.toString()).startsWith("HTTP/1.1 200");
      }
      out.write("GET /x/bad HTTP/1.1\r\nHost: t\r\nX(Trace): 1\r\n\r\n".getBytes(UTF_8));
      out.flush();
      assertThat(new String(in.readAllBytes(), UTF_8)).startsWith("HTTP/1.1 400");
    }
    assertThat(origin.requests()).isEqualTo(before + 2);
  }

  @Test
  void aMalformedPipelinedRequestIsAnsweredAfterTheRequestsBeforeIt() throws Exception {
    int before = origin.requests();
    String valid = "GET /x/ok HTTP/1.1\r\nHost: t\r\n\r\n";
    // One write: the decoder reads all three at once, the third fails to parse.
    String raw =
        Clients.raw(proxy.port(), valid + valid + "GET /x/bad HTTP/1.1\r\nX(Y): 1\r\n\r\n");
    int first = raw.indexOf("HTTP/1.1 200");
    int second = raw.indexOf("HTTP/1.1 200", first + 1);
    int third = raw.indexOf("HTTP/1.1 400", Math.max(second, 0));
    assertThat(first).as(raw).isZero();
    assertThat(second).as(raw).isPositive();
    assertThat(third).as(raw).isGreaterThan(second);
    assertThat(raw.substring(third)).contains("connection: close");
    assertThat(origin.requests()).isEqualTo(before + 2);
  }

  @Test
  void tooLargeHeadersAre431() throws Exception {
    String raw =
        Clients.raw(
            proxy.port(), "GET / HTTP/1.1\r\nHost: t\r\nX-Big: " + "b".repeat(2000) + "\r\n\r\n");
    assertThat(raw).startsWith("HTTP/1.1 431");
  }

  /**
   * On the wall clock, on a proxy of its own: whether the proxy has read the half head before the
   * timeout is a matter of the wire, which a moved clock could overtake.
   */
  @Test
  void aClientTooSlowToSendItsHeadGets408() throws Exception {
    try (ProxyUnderTest wall =
        new ProxyUnderTest(
            TestConfigs.config(
                server(),
                List.of(
                    TestConfigs.upstream(
                        "origin", UpstreamProtocol.HTTP1, "127.0.0.1", origin.port())),
                List.of(TestConfigs.route("rest", MatchType.PATH_PREFIX, "/", "origin"))))) {
      String raw = Clients.raw(wall.port(), "GET / HTTP/1.1\r\nHost: t\r\n");
      assertThat(raw).startsWith("HTTP/1.1 408");
    }
  }
}
