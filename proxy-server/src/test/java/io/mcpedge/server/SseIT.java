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
 * StreamingIT}; the idle timeout of a started stream in {@link FailuresIT}.)
 */
@Timeout(60)
class SseIT {

  static SseOrigin origin;
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
                    route("keepalive", "/ka", hour, Duration.ofMillis(250)),
                    route(
                        "idle",
                        "/idle",
                        new TimeoutsConfig(Duration.ofSeconds(3600), Duration.ofMillis(900)),
                        Duration.ofMillis(200)),
                    route("life", "/life", new TimeoutsConfig(Duration.ofMillis(1000), null), null),
                    route("plain", "/", hour, null))));
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

  @Test
  void aQuietStreamGetsKeepaliveCommentsBetweenEvents() throws Exception {
    try (BufferedReader in = open("/ka/events")) {
      assertThat(in.readLine()).isEqualTo("data: first");
      assertThat(in.readLine()).isEmpty();
      for (int i = 0; i < 2; i++) {
        assertThat(in.readLine()).isEqualTo(": keepalive");
        assertThat(in.readLine()).isEmpty();
      }
    }
  }

  @Test
  void noCommentIsInsertedInsideAnEvent() throws Exception {
    try (BufferedReader in = open("/ka/partial")) {
      assertThat(in.readLine()).isEqualTo("data: first");
      assertThat(in.readLine()).isEmpty();
      // The origin holds half an event for 1.5 s, six keep-alive periods: no comment may split it.
      assertThat(in.readLine()).isEqualTo("data: partial");
      assertThat(in.readLine()).isEmpty();
      assertThat(in.readLine()).isEqualTo(": keepalive");
    }
  }

  @Test
  void keepalivesDoNotDefeatTheIdleTimeout() throws Exception {
    long start = System.nanoTime();
    try (BufferedReader in = open("/idle/events")) {
      assertThat(in.readLine()).isEqualTo("data: first");
      assertThat(in.readLine()).isEmpty();
      assertThat(in.readLine()).isEqualTo(": keepalive");
      assertThatThrownBy(
              () -> {
                while (in.readLine() != null) {
                  // keep-alives until the idle timeout cuts the stream
                }
              })
          .as("no terminating chunk: the client sees a cut stream")
          .isInstanceOf(IOException.class);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void theRequestTimeoutIsTheLifetimeOfAStartedStream() throws Exception {
    long start = System.nanoTime();
    try (BufferedReader in = open("/life/events")) {
      assertThat(in.readLine()).isEqualTo("data: first");
      assertThat(in.readLine()).isEmpty();
      assertThatThrownBy(in::readLine).isInstanceOf(IOException.class);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(900))
        .isLessThan(Duration.ofSeconds(5));
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
