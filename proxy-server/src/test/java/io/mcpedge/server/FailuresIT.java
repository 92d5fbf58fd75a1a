package io.mcpedge.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import io.mcpedge.core.config.ByteSize;
import io.mcpedge.core.config.EndpointAddress;
import io.mcpedge.core.config.MatchType;
import io.mcpedge.core.config.ServerConfig;
import io.mcpedge.core.config.TimeoutsConfig;
import io.mcpedge.core.config.UpstreamProtocol;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
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

  static WireMockServer wm;
  static NettyOrigin origin;
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
    ServerConfig server =
        new ServerConfig(
            1,
            Duration.ofSeconds(5),
            256,
            ByteSize.ofBytes(1024),
            ByteSize.ofBytes(64 * 1024),
            Duration.ofMillis(700));
    TimeoutsConfig quick = new TimeoutsConfig(Duration.ofMillis(600), null);
    TimeoutsConfig idle = new TimeoutsConfig(Duration.ofSeconds(20), Duration.ofMillis(600));
    proxy =
        new ProxyUnderTest(
            TestConfigs.config(
                server,
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
                    TestConfigs.route("rest", MatchType.PATH_PREFIX, "/", "origin"))));
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
    long start = System.nanoTime();
    HttpResponse<String> res = Clients.get(Clients.http1(), proxy.uri("/hold?ms=5000"));
    assertThat(res.statusCode()).isEqualTo(504);
    assertThat(res.body()).contains("request timeout").contains("route slow");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
  }

  @Test
  void idleTimeoutBeforeTheResponseIs504() throws Exception {
    HttpResponse<String> res = Clients.get(Clients.http1(), proxy.uri("/idle/hold?ms=5000"));
    assertThat(res.statusCode()).isEqualTo(504);
    assertThat(res.body()).contains("idle timeout").contains("route idle");
  }

  @Test
  void idleTimeoutAfterTheResponseStartedClosesTheHttp1Connection() throws Exception {
    String raw = Clients.raw(proxy.port(), "GET /stall HTTP/1.1\r\nHost: t\r\n\r\n");
    assertThat(raw).startsWith("HTTP/1.1 200").contains("data: first");
    assertThat(raw)
        .as("no terminating chunk: the client sees a cut stream")
        .doesNotEndWith("0\r\n\r\n");
  }

  @Test
  void idleTimeoutAfterTheResponseStartedResetsTheHttp2Stream() throws Exception {
    Clients.Curl c = Clients.curl("--http2-prior-knowledge", proxy.uri("/stall").toString());
    assertThat(c.stdout()).contains("data: first");
    assertThat(c.exitCode()).as("curl reports the reset stream").isNotZero();
  }

  @Test
  void concurrentHttp2StreamsOfOneConnectionEachKeepTheirOwnRequestTimeout() throws Exception {
    HttpClient h2 = Clients.http2(); // one connection per host: upgraded first, then multiplexed
    assertThat(Clients.get(h2, proxy.uri("/hold?ms=0")).version())
        .isEqualTo(HttpClient.Version.HTTP_2);
    long start = System.nanoTime();
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    for (String q : List.of("ms=5000&n=1", "ms=0", "ms=5000&n=2", "ms=300")) {
      answers.add(
          h2.sendAsync(
              HttpRequest.newBuilder(proxy.uri("/hold?" + q))
                  .timeout(Duration.ofSeconds(20))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    List<Integer> codes = new ArrayList<>();
    for (CompletableFuture<HttpResponse<String>> a : answers) {
      HttpResponse<String> r = a.get(20, TimeUnit.SECONDS);
      assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
      codes.add(r.statusCode());
    }
    assertThat(codes).containsExactly(504, 200, 504, 200);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
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

  @Test
  void aClientTooSlowToSendItsHeadGets408() throws Exception {
    String raw = Clients.raw(proxy.port(), "GET / HTTP/1.1\r\nHost: t\r\n");
    assertThat(raw).startsWith("HTTP/1.1 408");
  }
}
