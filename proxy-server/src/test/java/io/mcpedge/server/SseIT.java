package io.mcpedge.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mcpedge.core.config.MatchType;
import io.mcpedge.core.config.RouteCacheConfig;
import io.mcpedge.core.config.RouteConfig;
import io.mcpedge.core.config.StreamConfig;
import io.mcpedge.core.config.TimeoutsConfig;
import io.mcpedge.core.config.UpstreamProtocol;
import io.mcpedge.server.testsupport.ManualClock;
import io.mcpedge.server.testsupport.SseOrigin;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SSE streams and their timers: keep-alive comments at event boundaries only, keep-alives that do
 * not defeat the idle timeout, the lifetime of a started stream, and a client disconnect that
 * closes the upstream stream at once. (A clean end on upstream close, h1 and h2, is in {@link
 * StreamingIT}; the idle timeout of a started stream in {@link FailuresIT}.) The proxy runs on a
 * {@link ManualClock}: the tests move it past keep-alive periods and timeouts instead of waiting
 * for them; the client disconnect stays on the wire.
 */
@Timeout(60)
class SseIT {

  static final Duration KEEPALIVE = Duration.ofMillis(250);
  static final Duration IDLE_KEEPALIVE = Duration.ofMillis(200);
  static final Duration IDLE = Duration.ofMillis(900);
  static final Duration LIFETIME = Duration.ofMillis(1000);

  static SseOrigin origin;
  static ManualClock clock = new ManualClock();
  static ProxyUnderTest proxy;

  @BeforeAll
  static void start() throws Exception {
    origin = new SseOrigin();
    TimeoutsConfig hour = new TimeoutsConfig(Duration.ofSeconds(3600), null);
    proxy =
        new ProxyUnderTest(
            TestConfigs.config(
                List.of(
                    TestConfigs.upstream("o", UpstreamProtocol.HTTP1, "127.0.0.1", origin.port())),
                List.of(
                    route("keepalive", "/ka", hour, KEEPALIVE),
                    route(
                        "idle",
                        "/idle",
                        new TimeoutsConfig(Duration.ofSeconds(3600), IDLE),
                        IDLE_KEEPALIVE),
                    route("life", "/life", new TimeoutsConfig(LIFETIME, null), null),
                    route("plain", "/", hour, null))),
            clock);
  }

  static RouteConfig route(
      String name, String prefix, TimeoutsConfig timeouts, Duration keepalive) {
    return new RouteConfig(
        name,
        TestConfigs.match(MatchType.PATH_PREFIX, prefix),
        "o",
        timeouts,
        RouteCacheConfig.OFF,
        null,
        null,
        keepalive == null ? StreamConfig.NONE : new StreamConfig(keepalive),
        null);
  }

  @AfterAll
  static void stop() {
    if (proxy != null) {
      proxy.close();
    }
    origin.close();
  }

  static BufferedReader open(String path) throws Exception {
    HttpResponse<InputStream> res =
        Clients.http1()
            .send(
                HttpRequest.newBuilder(proxy.uri(path)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
    assertThat(res.statusCode()).isEqualTo(200);
    return new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8));
  }

  /** Reads until what was read ends with {@code marker}, and returns it. */
  static String readThrough(BufferedReader in, String marker) throws IOException {
    StringBuilder read = new StringBuilder();
    while (read.length() < marker.length()
        || !read.substring(read.length() - marker.length()).equals(marker)) {
      int c = in.read();
      assertThat(c).as("the stream ended before %s", marker).isNotNegative();
      read.append((char) c);
    }
    return read.toString();
  }

  static double openEventStreams() {
    return proxy
        .server
        .meterRegistry()
        .get("edge.downstream.active_streams")
        .tag("stream", "sse")
        .gauge()
        .value();
  }

  @Test
  void aQuietStreamGetsKeepaliveCommentsBetweenEvents() throws Exception {
    try (BufferedReader in = open("/ka/events")) {
      assertThat(in.readLine()).isEqualTo("data: first");
      assertThat(in.readLine()).isEmpty();
      assertThat(openEventStreams()).as("an open event stream in the metrics").isEqualTo(1);
      clock.awaitPending(KEEPALIVE);
      for (int i = 0; i < 2; i++) {
        clock.advance(KEEPALIVE);
        assertThat(in.readLine()).isEqualTo(": keepalive");
        assertThat(in.readLine()).isEmpty();
      }
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> openEventStreams() == 0);
  }

  @Test
  void noCommentIsInsertedInsideAnEvent() throws Exception {
    try (BufferedReader in = open("/ka/partial")) {
      // The origin sends an event and half of the next, and holds the rest for 1.5 s of its own.
      assertThat(readThrough(in, "data: par")).isEqualTo("data: first\n\ndata: par");
      clock.awaitPending(KEEPALIVE);
      // Six keep-alive periods inside the event: no comment may split it.
      clock.advance(KEEPALIVE.multipliedBy(6));
      assertThat(in.readLine()).isEqualTo("tial");
      assertThat(in.readLine()).isEmpty();
      clock.advance(KEEPALIVE);
      assertThat(in.readLine()).isEqualTo(": keepalive");
    }
  }

  @Test
  void keepalivesDoNotDefeatTheIdleTimeout() throws Exception {
    try (BufferedReader in = open("/idle/events")) {
      assertThat(in.readLine()).isEqualTo("data: first");
      assertThat(in.readLine()).isEmpty();
      clock.awaitPending(IDLE_KEEPALIVE);
      clock.advance(IDLE_KEEPALIVE);
      assertThat(in.readLine()).isEqualTo(": keepalive");
      // Comments went out every 200 ms, but they are not traffic: the idle timeout cuts the stream.
      clock.advance(IDLE.minus(IDLE_KEEPALIVE));
      assertThatThrownBy(
              () -> {
                while (in.readLine() != null) {
                  // keep-alives until the idle timeout cuts the stream
                }
              })
          .as("no terminating chunk: the client sees a cut stream")
          .isInstanceOf(IOException.class);
    }
  }

  @Test
  void theRequestTimeoutIsTheLifetimeOfAStartedStream() throws Exception {
    try (BufferedReader in = open("/life/events")) {
      assertThat(in.readLine()).isEqualTo("data: first");
      assertThat(in.readLine()).isEmpty();
      clock.awaitPending(LIFETIME);
      clock.advance(LIFETIME.minusNanos(1));
      assertThat(clock.hasPending(LIFETIME)).as("the stream outlives 999 ms").isTrue();
      clock.advance(Duration.ofNanos(1));
      assertThatThrownBy(in::readLine).isInstanceOf(IOException.class);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> origin.openConnections() == 0);
  }

  @Test
  void aClientThatGoesAwayClosesTheUpstreamStreamAtOnce() throws Exception {
    await().atMost(Duration.ofSeconds(5)).until(() -> origin.openConnections() == 0);
    HttpClient client = Clients.http1();
    HttpResponse<InputStream> res =
        client.send(
            HttpRequest.newBuilder(proxy.uri("/plain/events")).build(),
            HttpResponse.BodyHandlers.ofInputStream());
    InputStream body = res.body();
    byte[] first = new byte["data: first\n\n".length()];
    assertThat(body.readNBytes(first, 0, first.length)).isEqualTo(first.length);
    assertThat(origin.openConnections()).isEqualTo(1);
    body.close(); // the JDK client closes the connection of an unfinished response
    await().atMost(Duration.ofSeconds(3)).until(() -> origin.openConnections() == 0);
  }
}
