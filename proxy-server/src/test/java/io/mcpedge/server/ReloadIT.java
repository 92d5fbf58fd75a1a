package io.mcpedge.server;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.mcpedge.server.testsupport.Origins;
import io.mcpedge.server.testsupport.SseOrigin;
import io.mcpedge.server.testsupport.WebSocketOrigin;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A config reload under load: new requests (on keep-alive HTTP/1.1 and HTTP/2 connections that stay
 * open across the swap) see the new routes and upstreams at once, no request fails, and an open SSE
 * stream and an open WebSocket keep flowing although their upstream was changed (SSE) or removed
 * with its route (WebSocket).
 */
@Timeout(90)
class ReloadIT {

  /** Bounds of the client loops: requests per client and wall time. */
  private static final int MAX_REQUESTS = 3000;

  private static final Duration MAX_TIME = Duration.ofSeconds(30);
  private static final int AFTER_SWAP = 300;

  @TempDir Path dir;

  private WireMockServer a;
  private WireMockServer b;
  private SseOrigin sse;
  private WebSocketOrigin ws;
  private ReloadableEdge edge;
  private final ExecutorService threads = Executors.newFixedThreadPool(4);

  @BeforeEach
  void origins() throws Exception {
    a = Origins.start();
    a.stubFor(any(anyUrl()).willReturn(ok("A")));
    b = Origins.start();
    b.stubFor(any(anyUrl()).willReturn(ok("B")));
    sse = new SseOrigin();
    ws = new WebSocketOrigin();
  }

  @AfterEach
  void stop() throws Exception {
    threads.shutdownNow();
    if (edge != null) {
      edge.close();
    }
    a.stop();
    b.stop();
    sse.close();
    ws.close();
  }

  private static String upstream(String name, int port, String extra) {
    return "  - name: "
        + name
        + "\n    protocol: http1\n    endpoints: [\"http://127.0.0.1:"
        + port
        + "\"]\n"
        + extra;
  }

  private static String route(String name, String prefix, String upstream) {
    return "  - name: "
        + name
        + "\n    match: { path: { type: PathPrefix, value: "
        + prefix
        + " } }\n    upstream: "
        + upstream
        + "\n    timeouts: { request: 300s }\n";
  }

  private String before() {
    return ReloadableEdge.HTTP_LISTENER
        + "upstreams:\n"
        + upstream("a", a.port(), "")
        + upstream("sse", sse.port(), "    connectTimeout: 5s\n")
        + upstream("ws", ws.port(), "")
        + "routes:\n"
        + route("sse", "/sse", "sse")
        + route("ws", "/ws", "ws")
        + route("api", "/api", "a");
  }

  /** {@code /api} moves to a new upstream, {@code sse} is changed, {@code ws} is removed. */
  private String after() {
    return ReloadableEdge.HTTP_LISTENER
        + "upstreams:\n"
        + upstream("b", b.port(), "")
        + upstream("sse", sse.port(), "    connectTimeout: 4s\n")
        + "routes:\n"
        + route("sse", "/sse", "sse")
        + route("api", "/api", "b");
  }

  @Test
  void routesAndUpstreamsChangeUnderLoadWhileStreamsFlow() throws Exception {
    edge = new ReloadableEdge(dir.resolve("edge.yaml"), before());
    var sseUpstream = edge.server.cluster("sse");

    // An SSE stream and a WebSocket, open across the reload.
    AtomicInteger ticks = new AtomicInteger();
    AtomicBoolean sseEnded = new AtomicBoolean();
    HttpResponse<InputStream> stream =
        Clients.http1()
            .send(
                HttpRequest.newBuilder(edge.uri("/sse/ticks")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.statusCode()).isEqualTo(200);
    threads.submit(() -> readEvents(stream.body(), ticks, sseEnded));
    WebSocketIT.Recorder recorder = new WebSocketIT.Recorder();
    HttpClient wsClient = Clients.http1();
    WebSocket socket =
        wsClient
            .newWebSocketBuilder()
            .buildAsync(wsUri("/ws/ws"), recorder)
            .get(10, TimeUnit.SECONDS);
    socket.sendText("before", true).get(5, TimeUnit.SECONDS);
    assertThat(recorder.next()).isEqualTo("text:before");
    await().atMost(Duration.ofSeconds(10)).until(() -> ticks.get() >= 3);

    // Two clients, one HTTP/1.1 and one HTTP/2 (h2c upgrade), each on one kept-alive connection.
    AtomicBoolean swapped = new AtomicBoolean();
    AtomicInteger afterSwap = new AtomicInteger();
    AtomicInteger total = new AtomicInteger();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    List<Future<?>> loops =
        List.of(
            threads.submit(() -> load(Clients.http1(), swapped, afterSwap, total, failures)),
            threads.submit(() -> load(Clients.http2(), swapped, afterSwap, total, failures)));
    await().atMost(Duration.ofSeconds(20)).until(() -> total.get() >= 200);

    edge.rewrite(after());
    HttpResponse<String> reload = edge.postReload();
    swapped.set(true);
    int ticksAtSwap = ticks.get();
    assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);
    assertThat(reload.body()).contains("\"generation\":2", "\"lastResult\":\"success\"");

    for (Future<?> f : loops) {
      f.get(60, TimeUnit.SECONDS);
    }
    assertThat(failures).as("failed requests").isEmpty();
    assertThat(afterSwap.get()).isGreaterThanOrEqualTo(AFTER_SWAP);
    int aBefore = a.getAllServeEvents().size();
    assertThat(Clients.get(Clients.http1(), edge.uri("/api/x")).body()).isEqualTo("B");
    assertThat(a.getAllServeEvents()).hasSize(aBefore);

    // The streams carry on: more SSE events arrive, the WebSocket still echoes.
    await().atMost(Duration.ofSeconds(10)).until(() -> ticks.get() >= ticksAtSwap + 5);
    assertThat(sseEnded).isFalse();
    socket.sendText("after", true).get(5, TimeUnit.SECONDS);
    assertThat(recorder.next()).isEqualTo("text:after");
    assertThat(recorder.closed).isNotDone();
    assertThat(edge.server.cluster("sse")).isNotSameAs(sseUpstream);
    assertThat(edge.server.cluster("ws")).isNull();

    // A new WebSocket has no route any more; a new SSE stream works on the new upstream.
    assertThat(Clients.get(Clients.http1(), edge.uri("/ws/ws")).statusCode()).isEqualTo(404);
    HttpResponse<InputStream> second =
        Clients.http1()
            .send(
                HttpRequest.newBuilder(edge.uri("/sse/ticks")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
    assertThat(second.statusCode()).isEqualTo(200);
    second.body().close();
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    stream.body().close();
  }

  /**
   * One client's bounded loop: until {@link #AFTER_SWAP} requests were sent after the swap, or the
   * bounds. A request sent after the reload answered must reach the new upstream.
   */
  private void load(
      HttpClient client,
      AtomicBoolean swapped,
      AtomicInteger afterSwap,
      AtomicInteger total,
      ConcurrentLinkedQueue<String> failures) {
    long end = System.nanoTime() + MAX_TIME.toNanos();
    for (int i = 0; i < MAX_REQUESTS && System.nanoTime() < end; i++) {
      boolean after = swapped.get();
      if (after && afterSwap.get() >= AFTER_SWAP) {
        return;
      }
      try {
        HttpResponse<String> res = Clients.get(client, edge.uri("/api/" + i));
        total.incrementAndGet();
        if (res.statusCode() != 200) {
          failures.add(i + ": " + res.statusCode() + " " + res.body());
        } else if (after && !res.body().equals("B")) {
          failures.add(i + ": sent after the reload, answered by " + res.body());
        }
        if (after) {
          afterSwap.incrementAndGet();
        }
      } catch (Exception e) {
        failures.add(i + ": " + e);
      }
    }
  }

  private URI wsUri(String path) {
    return URI.create("ws://127.0.0.1:" + edge.server.listenerAddress("http").getPort() + path);
  }

  private static void readEvents(InputStream in, AtomicInteger ticks, AtomicBoolean ended) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.equals("data: tick")) {
          ticks.incrementAndGet();
        }
      }
    } catch (Exception e) {
      // closed by the test at its end
    }
    ended.set(true);
  }
}
