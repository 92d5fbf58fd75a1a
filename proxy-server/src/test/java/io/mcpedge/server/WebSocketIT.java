package io.mcpedge.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mcpedge.core.config.MatchType;
import io.mcpedge.core.config.TimeoutsConfig;
import io.mcpedge.core.config.UpstreamProtocol;
import io.mcpedge.server.testsupport.WebSocketOrigin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * WebSocket over HTTP/1.1 through the proxy, with the JDK's client against a Netty origin:
 * messages, ping/pong and the close handshake pass intact, a refused handshake is an ordinary
 * response, a close on either side reaches the other, the route's idle and lifetime timeouts end
 * tunnels, and tunnels leave the upstream pool (1,000 of them through a pool of 64).
 */
@Timeout(90)
class WebSocketIT {

  static WebSocketOrigin origin;
  static ProxyUnderTest proxy;
  static HttpClient client;

  @BeforeAll
  static void start() throws Exception {
    origin = new WebSocketOrigin();
    TimeoutsConfig idle = new TimeoutsConfig(Duration.ofSeconds(30), Duration.ofMillis(600));
    TimeoutsConfig life = new TimeoutsConfig(Duration.ofMillis(1200), null);
    proxy =
        new ProxyUnderTest(
            TestConfigs.config(
                List.of(
                    TestConfigs.upstream("o", UpstreamProtocol.HTTP1, "127.0.0.1", origin.port())),
                List.of(
                    TestConfigs.route(
                        "idle", TestConfigs.match(MatchType.PATH_PREFIX, "/idle"), "o", idle),
                    TestConfigs.route(
                        "life", TestConfigs.match(MatchType.PATH_PREFIX, "/life"), "o", life),
                    TestConfigs.route("ws", MatchType.PATH_PREFIX, "/", "o"))));
    client = Clients.http1();
  }

  @AfterAll
  static void stop() {
    if (proxy != null) {
      proxy.close();
    }
    origin.close();
  }

  /** Collects what a WebSocket receives. */
  static final class Recorder implements WebSocket.Listener {
    final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
    final CompletableFuture<String> closed = new CompletableFuture<>();
    private final StringBuilder text = new StringBuilder();
    private int binary;

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        events.add("text:" + text);
        text.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      binary += data.remaining();
      if (last) {
        events.add("binary:" + binary);
        binary = 0;
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket ws, ByteBuffer data) {
      events.add("pong:" + StandardCharsets.UTF_8.decode(data));
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
      closed.complete("close:" + code + ":" + reason);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      closed.complete("error:" + error);
    }

    String next() throws InterruptedException {
      String e = events.poll(10, TimeUnit.SECONDS);
      assertThat(e).as("an event within 10 s").isNotNull();
      return e;
    }
  }

  static WebSocket open(String path, Recorder r) throws Exception {
    return client
        .newWebSocketBuilder()
        .buildAsync(URI.create("ws://127.0.0.1:" + proxy.port() + path), r)
        .get(10, TimeUnit.SECONDS);
  }

  static double openTunnels() {
    return proxy
        .server
        .meterRegistry()
        .get("edge.downstream.active_streams")
        .tag("stream", "websocket")
        .gauge()
        .value();
  }

  @Test
  void messagesPingPongAndTheCloseHandshakePassIntact() throws Exception {
    Recorder r = new Recorder();
    WebSocket ws = open("/ws?token=secret", r);
    await().atMost(Duration.ofSeconds(10)).until(() -> openTunnels() == 1);
    assertThat(origin.lastHandshake())
        .containsEntry("upgrade", "websocket")
        .containsKey("sec-websocket-key")
        .containsKey("x-forwarded-for");
    ws.sendText("hello", true).get(5, TimeUnit.SECONDS);
    assertThat(r.next()).isEqualTo("text:hello");
    String big = "0123456789".repeat(20_000); // several TCP segments and reads, one message
    ws.sendText(big, true).get(5, TimeUnit.SECONDS);
    String echoed = r.next();
    assertThat(echoed.length()).isEqualTo(big.length() + 5);
    assertThat(echoed.equals("text:" + big)).as("the echo is the message").isTrue();
    ws.sendBinary(ByteBuffer.wrap(new byte[70_000]), true).get(5, TimeUnit.SECONDS);
    assertThat(r.next()).isEqualTo("binary:70000");
    ws.sendPing(ByteBuffer.wrap("are you there".getBytes(StandardCharsets.UTF_8)))
        .get(5, TimeUnit.SECONDS);
    assertThat(r.next()).isEqualTo("pong:are you there");
    ws.sendClose(4001, "bye").get(5, TimeUnit.SECONDS);
    assertThat(r.closed.get(10, TimeUnit.SECONDS)).isEqualTo("close:4001:bye");
    await().atMost(Duration.ofSeconds(10)).until(() -> origin.openWebSockets() == 0);
    await().atMost(Duration.ofSeconds(10)).until(() -> openTunnels() == 0);
  }

  @Test
  void bytesTheOriginSendsRightBehindItsSwitchArrive() throws Exception {
    Recorder r = new Recorder();
    WebSocket ws = open("/push", r);
    assertThat(r.next()).isEqualTo("text:hello");
    ws.abort();
  }

  @Test
  void aRefusedHandshakeIsAnOrdinaryResponse() {
    assertThatThrownBy(() -> open("/elsewhere", new Recorder()))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(
            WebSocketHandshakeException.class,
            e -> {
              assertThat(e.getResponse().statusCode()).isEqualTo(403);
              assertThat(e.getResponse().body()).isNotNull();
            });
  }

  @Test
  void aClientThatGoesAwayClosesTheUpstreamConnection() throws Exception {
    int before = origin.openWebSockets();
    Recorder r = new Recorder();
    WebSocket ws = open("/quiet", r);
    await().atMost(Duration.ofSeconds(5)).until(() -> origin.openWebSockets() == before + 1);
    ws.abort();
    await().atMost(Duration.ofSeconds(5)).until(() -> origin.openWebSockets() == before);
  }

  @Test
  void theIdleTimeoutEndsASilentTunnelButNotABusyOne() throws Exception {
    Recorder busy = new Recorder();
    WebSocket b = open("/idle/ws", busy);
    Recorder silent = new Recorder();
    long start = System.nanoTime();
    open("/idle/quiet", silent);
    // The busy tunnel talks for 2 s, over three idle periods (600 ms), never silent for more than
    // 200 ms: while the silent tunnel is still open the test waits up to 200 ms for it to be cut,
    // afterwards ticks follow each other directly. Bounded in time and count.
    long talkUntil = start + TimeUnit.SECONDS.toNanos(2);
    for (int i = 0; i < 2000 && System.nanoTime() < talkUntil; i++) {
      b.sendText("tick" + i, true).get(5, TimeUnit.SECONDS);
      assertThat(busy.next()).isEqualTo("text:tick" + i);
      if (!silent.closed.isDone()) {
        try {
          silent.closed.get(200, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException stillOpen) {
          // not cut yet: keep the busy tunnel talking
        }
      }
    }
    // 1006: the connection closed without a close frame (RFC 6455 §7.1.5): the proxy cut it.
    assertThat(silent.closed.get(10, TimeUnit.SECONDS)).isEqualTo("close:1006:");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(busy.closed).isNotDone();
    b.abort();
  }

  @Test
  void theRequestTimeoutIsTheTunnelsLifetime() throws Exception {
    Recorder r = new Recorder();
    long start = System.nanoTime();
    WebSocket ws = open("/life/ws", r);
    ws.sendText("still here", true).get(5, TimeUnit.SECONDS);
    assertThat(r.next()).isEqualTo("text:still here");
    assertThat(r.closed.get(10, TimeUnit.SECONDS)).isEqualTo("close:1006:");
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(1100))
        .isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aThousandConcurrentWebSocketsEachEcho() throws Exception {
    int n = 1000;
    List<CompletableFuture<WebSocket>> opening = new ArrayList<>(n);
    List<Recorder> recorders = new ArrayList<>(n);
    URI uri = URI.create("ws://127.0.0.1:" + proxy.port() + "/ws");
    for (int i = 0; i < n; i++) {
      Recorder r = new Recorder();
      recorders.add(r);
      opening.add(client.newWebSocketBuilder().buildAsync(uri, r));
    }
    CompletableFuture.allOf(opening.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(20)).until(() -> origin.openWebSockets() >= n);
    for (int i = 0; i < n; i++) {
      opening.get(i).join().sendText("m" + i, true);
    }
    for (int i = 0; i < n; i++) {
      assertThat(recorders.get(i).next()).isEqualTo("text:m" + i);
    }
    for (CompletableFuture<WebSocket> f : opening) {
      f.join().abort();
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> origin.openWebSockets() == 0);
  }
}
