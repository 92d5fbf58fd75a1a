package io.mcpedge.server.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpedge.server.NettyOrigin;
import io.mcpedge.server.testsupport.TestEdge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Steady concurrent load reuses the upstream's keep-alive connections with the default pool: a pool
 * that kept fewer idle connections than the requests in flight would close some after every wave
 * and open them again for the next (each costing a connect, and the upstream an accept).
 */
@Timeout(60)
class PoolReuseIT {

  private static final int CONCURRENCY = 64;
  private static final int WAVES = 5;

  private NettyOrigin origin;
  private TestEdge edge;

  @AfterEach
  void stop() {
    if (edge != null) {
      edge.close();
    }
    origin.close();
  }

  @Test
  void wavesOfConcurrentRequestsReuseTheConnectionsOfTheFirstWave() throws Exception {
    origin = NettyOrigin.http1();
    edge =
        TestEdge.startOneLoop(
            "upstreams:\n  - name: origin\n    protocol: http1\n    endpoints: [\"http://127.0.0.1:"
                + origin.port()
                + "\"]\nroutes:\n  - name: api\n    upstream: origin\n");
    for (int wave = 0; wave < WAVES; wave++) {
      // Each request is held at the origin until all of the wave are there: CONCURRENCY requests
      // are in flight at once, on as many upstream connections.
      List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < CONCURRENCY; i++) {
        answers.add(
            edge.client()
                .sendAsync(
                    HttpRequest.newBuilder(edge.uri("/w" + wave + "/rendezvous?n=" + CONCURRENCY))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                    HttpResponse.BodyHandlers.ofString()));
      }
      for (CompletableFuture<HttpResponse<String>> a : answers) {
        HttpResponse<String> res = a.get(30, TimeUnit.SECONDS);
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).isEqualTo("met");
      }
    }
    assertThat(origin.maxConcurrentRequests()).isEqualTo(CONCURRENCY);
    assertThat(origin.requests()).isEqualTo(CONCURRENCY * WAVES);
    assertThat(origin.connections())
        .as("upstream connections opened for %d waves of %d", WAVES, CONCURRENCY)
        .isEqualTo(CONCURRENCY);
    // Between waves every connection waits in the pool: the metrics see them all idle.
    var meters = edge.server().meterRegistry();
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(connections(meters, "idle")).isEqualTo(CONCURRENCY);
              assertThat(connections(meters, "active")).isZero();
            });
    assertThat(meters.get("edge.upstream.pending_requests").gauge().value()).isZero();
    assertThat(meters.get("edge.upstream.attempts").counter().count())
        .isEqualTo(CONCURRENCY * WAVES);
  }

  private static double connections(MeterRegistry meters, String state) {
    return meters
        .get("http.client.open_connections")
        .tag("upstream", "origin")
        .tag("http.connection.state", state)
        .gauge()
        .value();
  }
}
