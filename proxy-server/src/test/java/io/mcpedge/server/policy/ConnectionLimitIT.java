package io.mcpedge.server.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpedge.core.policy.overload.OverloadGuard;
import io.mcpedge.server.NettyOrigin;
import io.mcpedge.server.testsupport.TestEdge;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Upstream connection limits: the process-wide {@code maxConnections} threshold refuses with a fast
 * 503 where a pool has no connection to wait for, over HTTP/1.1 and h2c; the h2c pool's {@code
 * maxH2Connections} makes streams wait for room instead of opening more connections.
 */
@Timeout(60)
class ConnectionLimitIT {

  private NettyOrigin origin;
  private TestEdge edge;

  @AfterEach
  void stop() {
    if (edge != null) {
      edge.close();
    }
    origin.releaseStreams();
    origin.close();
  }

  private static String config(String protocol, int port, String extra) {
    return "upstreams:\n  - name: origin\n    protocol: "
        + protocol
        + "\n    endpoints: [\"http://127.0.0.1:"
        + port
        + "\"]\n"
        + extra
        + "routes:\n  - name: api\n    upstream: origin\n";
  }

  private Iterator<String> openStream() throws Exception {
    HttpResponse<Stream<String>> res =
        edge.client()
            .sendAsync(
                HttpRequest.newBuilder(edge.uri("/stream")).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofLines())
            .get(20, TimeUnit.SECONDS);
    assertThat(res.statusCode()).isEqualTo(200);
    Iterator<String> lines = res.body().iterator();
    assertThat(lines.next()).isEqualTo("data: first");
    return lines;
  }

  private static void readToTheEnd(Iterator<String> lines) {
    assertThat(lines.next()).isEmpty();
    assertThat(lines.next()).isEqualTo("data: last");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http1", "h2c"})
  void maxConnectionsRefusesWith503WhereThereIsNoConnectionToWaitFor(String protocol)
      throws Exception {
    origin = protocol.equals("h2c") ? NettyOrigin.h2c(100) : NettyOrigin.http1();
    // Two event loops: the client's second connection lands on the other loop, whose pool has no
    // connection of its own while the first loop's connection holds the only permit.
    edge =
        TestEdge.start(
            config(protocol, origin.port(), "    circuitBreaker: { maxConnections: 1 }\n"));
    OverloadGuard guard = edge.server().upstreamPolicy("origin").overload();

    Iterator<String> stream = openStream();
    assertThat(guard.connections().held()).isEqualTo(1);

    HttpResponse<String> refused = edge.get("/tools");
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().firstValue("x-edge-overloaded")).hasValue("true");
    assertThat(refused.body()).contains("overloaded").contains("route api");
    assertThat(edge.server().rejections().count("api", RejectionReason.OVERLOADED_CONNECTIONS))
        .isEqualTo(1);
    assertThat(origin.connections()).isEqualTo(1);
    assertThat(origin.requests()).isEqualTo(1);

    origin.releaseStreams();
    readToTheEnd(stream);
    if (protocol.equals("h2c")) {
      // the multiplexed connection stays open for the next stream
      assertThat(guard.connections().held()).isEqualTo(1);
    } else {
      // an HTTP/1.1 connection that carried an event stream left the pool and closes with it
      await().atMost(5, TimeUnit.SECONDS).until(() -> guard.connections().held() == 0);
    }
    await().atMost(5, TimeUnit.SECONDS).until(() -> guard.requests().held() == 0);
  }

  @Test
  void anH2cPoolAtMaxH2ConnectionsQueuesStreamsUntilOneEnds() throws Exception {
    origin = NettyOrigin.h2c(1);
    edge =
        TestEdge.startOneLoop(config("h2c", origin.port(), "    pool: { maxH2Connections: 1 }\n"));
    OverloadGuard guard = edge.server().upstreamPolicy("origin").overload();

    Iterator<String> stream = openStream();
    CompletableFuture<HttpResponse<String>> queued =
        edge.client()
            .sendAsync(
                HttpRequest.newBuilder(edge.uri("/tools")).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    await().atMost(10, TimeUnit.SECONDS).until(() -> guard.pendingRequests().held() == 1);
    assertThat(queued).isNotDone();
    assertThat(origin.connections()).isEqualTo(1);

    origin.releaseStreams();
    readToTheEnd(stream);
    HttpResponse<String> res = queued.get(20, TimeUnit.SECONDS);
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.body()).isEqualTo("hello");
    assertThat(origin.connections()).isEqualTo(1);
    assertThat(guard.pendingRequests().held()).isZero();
  }
}
