package io.mcpedge.server.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpedge.server.NettyOrigin;
import io.mcpedge.server.testsupport.TestEdge;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The per-try timeout: an attempt without a response head in time is abandoned and retried on the
 * other endpoint; once a head has arrived, the stream is governed by the route's timeouts only. The
 * proxy runs on a {@link io.mcpedge.server.testsupport.ManualClock}: the tests move its clock past
 * the per-try timeout rather than waiting for it.
 */
@Timeout(60)
class PerTryTimeoutIT {

  private static final Duration PER_TRY = Duration.ofMillis(300);

  /** Completes TCP handshakes from its backlog but never accepts, so never answers. */
  private ServerSocket silent;

  private NettyOrigin origin;
  private TestEdge edge;

  @BeforeEach
  void start() throws Exception {
    silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    origin = NettyOrigin.http1();
    String retry = "    retry: { numRetries: 1, perTryTimeout: 300ms, backoffBase: 1ms }\n";
    edge =
        TestEdge.startOneLoopOnManualClock(
            "upstreams:\n"
                + "  - name: pods\n"
                + "    endpoints: [\"http://127.0.0.1:"
                + silent.getLocalPort()
                + "\", \"http://127.0.0.1:"
                + origin.port()
                + "\"]\n"
                + retry
                + "  - name: streams\n"
                + "    endpoints: [\"http://127.0.0.1:"
                + origin.port()
                + "\"]\n"
                + retry
                + "routes:\n"
                + "  - name: sse\n"
                + "    match: { path: { type: PathPrefix, value: /sse } }\n"
                + "    upstream: streams\n"
                + "    timeouts: { request: 10s }\n"
                + "  - name: api\n"
                + "    upstream: pods\n"
                + "    timeouts: { request: 10s }\n",
            new PinnedRandom());
  }

  @AfterEach
  void stop() throws Exception {
    edge.close();
    origin.releaseStreams();
    origin.close();
    silent.close();
  }

  private CompletableFuture<HttpResponse<String>> getAsync(String path) {
    return edge.client()
        .sendAsync(
            HttpRequest.newBuilder(edge.uri(path)).timeout(Duration.ofSeconds(20)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aSilentFirstAttemptIsAbandonedAtThePerTryTimeoutAndRetriedElsewhere() throws Exception {
    // Round robin starts at the silent endpoint; without the per-try timeout the route's 10 s
    // request timeout would answer 504.
    CompletableFuture<HttpResponse<String>> res = getAsync("/tools");
    edge.clock().awaitPending(PER_TRY);
    edge.clock().advance(PER_TRY.minusNanos(1));
    assertThat(res).isNotDone();
    assertThat(origin.requests()).isZero();

    edge.clock().advance(Duration.ofNanos(1)); // the retry waits no backoff (PinnedRandom)
    assertThat(res.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(res.get().body()).isEqualTo("hello");
    assertThat(origin.requests()).isEqualTo(1);
    assertThat(edge.server().upstreamPolicy("pods").retryBudget().activeRetries()).isZero();
  }

  @Test
  void aStreamWhoseHeadArrivedInTimeOutlivesThePerTryTimeout() throws Exception {
    HttpResponse<Stream<String>> stream =
        edge.client()
            .sendAsync(
                HttpRequest.newBuilder(edge.uri("/sse/stream"))
                    .timeout(Duration.ofSeconds(20))
                    .build(),
                HttpResponse.BodyHandlers.ofLines())
            .get(20, TimeUnit.SECONDS);
    assertThat(stream.statusCode()).isEqualTo(200);
    Iterator<String> lines = stream.body().iterator();
    assertThat(lines.next()).isEqualTo("data: first");

    // This exchange starts after the stream's head arrived, on the same event loop; its first
    // attempt is cut by the per-try timeout, so the stream's would have fired too.
    CompletableFuture<HttpResponse<String>> res = getAsync("/tools");
    edge.clock().awaitPending(PER_TRY);
    // Exactly the per-try timeout: the retry's own per-try timeout lies beyond it.
    edge.clock().advance(PER_TRY);
    assertThat(res.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(origin.requests()).isEqualTo(2);

    origin.releaseStreams();
    assertThat(lines.next()).isEmpty();
    assertThat(lines.next()).isEqualTo("data: last");
    assertThat(origin.requests()).isEqualTo(2); // the stream was never retried
  }
}
