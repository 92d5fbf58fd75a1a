package io.mcpedge.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpedge.core.config.ConfigLoader;
import io.mcpedge.server.EdgeServer;
import io.mcpedge.server.channel.Transport;
import io.mcpedge.server.testsupport.WebSocketOrigin;
import io.mcpedge.server.time.Scheduler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A WebSocket ({@code wss://}) through a TLS listener: the HTTP/1.1 handlers, HSTS included, leave
 * the pipeline at the {@code 101} and the tunnel relays over the TLS connection.
 */
@Timeout(60)
class TlsWebSocketIT {

  @TempDir static Path dir;
  static TestPki pki;
  static WebSocketOrigin origin;
  static EdgeServer edge;

  @BeforeAll
  static void start() throws Exception {
    pki = new TestPki(dir, "ca");
    Path[] server = pki.server("server", false, "a.test");
    origin = new WebSocketOrigin();
    String yaml =
        "listeners:\n"
            + "  - {name: https, address: 127.0.0.1:0, tls: {certFile: "
            + server[0]
            + ", keyFile: "
            + server[1]
            + ", hsts: {maxAge: 1d}}}\n"
            + "admin: {address: 127.0.0.1:0}\n"
            + "upstreams: [{name: origin, endpoints: [\"http://127.0.0.1:"
            + origin.port()
            + "\"]}]\n"
            + "routes: [{name: ws, upstream: origin, timeouts: {request: 3600s}}]\n";
    edge =
        new EdgeServer(
            ConfigLoader.parse(yaml, "wss.yaml", Map.of()),
            Transport.select(true),
            Scheduler.system());
    edge.start();
  }

  @AfterAll
  static void stop() {
    if (edge != null) {
      edge.close();
    }
    if (origin != null) {
      origin.close();
    }
  }

  @Test
  void messagesPassThroughTheTlsTunnel() throws Exception {
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    WebSocket.Listener listener =
        new WebSocket.Listener() {
          private final StringBuilder text = new StringBuilder();

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
          public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            events.add("close:" + code);
            return CompletableFuture.completedFuture(null);
          }
        };
    HttpClient client =
        HttpClient.newBuilder().sslContext(TestPki.clientContext(pki.caCert(), null)).build();
    WebSocket ws =
        client
            .newWebSocketBuilder()
            .buildAsync(
                URI.create("wss://127.0.0.1:" + edge.listenerAddress("https").getPort() + "/ws"),
                listener)
            .get(10, TimeUnit.SECONDS);
    ws.sendText("hello", true).get(5, TimeUnit.SECONDS);
    assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("text:hello");
    String big = "0123456789".repeat(20_000); // many TLS records, one message
    ws.sendText(big, true).get(5, TimeUnit.SECONDS);
    String echoed = events.poll(10, TimeUnit.SECONDS);
    assertThat(echoed).isNotNull();
    assertThat(echoed.equals("text:" + big)).as("the echo is the message").isTrue();
    ws.sendClose(1000, "bye").get(5, TimeUnit.SECONDS);
    assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("close:1000");
    await().atMost(Duration.ofSeconds(10)).until(() -> origin.openWebSockets() == 0);
  }
}
