package io.mcpedge.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpedge.core.config.EndpointAddress;
import io.mcpedge.core.config.MatchType;
import io.mcpedge.core.config.UpstreamProtocol;
import io.mcpedge.server.testsupport.ManualClock;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Per-request balancing over several endpoints, {@code Expect: 100-continue}, and the graceful
 * drain of HTTP/2 connections (GOAWAY, in-flight streams finish).
 */
@Timeout(60)
class BalancingAndDrainIT {

  /** Longer than the awaits, so that only the manual clock can bring it about. */
  private static final Duration POOL_IDLE = Duration.ofSeconds(30);

  @Test
  void requestsOnOneClientConnectionAreBalancedOverEveryEndpoint() throws Exception {
    try (NettyOrigin a = NettyOrigin.http1();
        NettyOrigin b = NettyOrigin.http1();
        ProxyUnderTest proxy =
            new ProxyUnderTest(
                TestConfigs.config(
                    List.of(
                        TestConfigs.upstream(
                            "pods",
                            UpstreamProtocol.HTTP1,
                            List.of(
                                new EndpointAddress("http", "127.0.0.1", a.port()),
                                new EndpointAddress("http", "127.0.0.1", b.port())),
                            1)),
                    List.of(TestConfigs.route("all", MatchType.PATH_PREFIX, "/", "pods"))))) {
      HttpClient client = Clients.http1();
      for (int i = 0; i < 10; i++) {
        assertThat(Clients.get(client, proxy.uri("/x")).statusCode()).isEqualTo(200);
      }
      assertThat(a.requests()).isEqualTo(5);
      assertThat(b.requests()).isEqualTo(5);
    }
  }

  @Test
  void idlePooledConnectionsAreClosedAfterTheIdleTimeout() throws Exception {
    try (NettyOrigin origin = NettyOrigin.http1()) {
      var base = TestConfigs.upstream("o", UpstreamProtocol.HTTP1, "127.0.0.1", origin.port());
      var quickIdle =
          new io.mcpedge.core.config.UpstreamConfig(
              base.name(),
              base.endpoints(),
              base.protocol(),
              base.connectTimeout(),
              base.dnsRefresh(),
              new io.mcpedge.core.config.PoolConfig(4, 4, POOL_IDLE, 1),
              base.loadBalancer(),
              base.circuitBreaker(),
              null,
              null);
      ManualClock clock = new ManualClock();
      try (ProxyUnderTest proxy =
          new ProxyUnderTest(
              TestConfigs.config(
                  List.of(quickIdle),
                  List.of(TestConfigs.route("all", MatchType.PATH_PREFIX, "/", "o"))),
              clock)) {
        assertThat(Clients.get(Clients.http1(), proxy.uri("/x")).statusCode()).isEqualTo(200);
        assertThat(origin.connections()).isEqualTo(1);
        clock.awaitPending(POOL_IDLE); // the connection is back in the pool
        clock.advance(POOL_IDLE.minusNanos(1));
        assertThat(origin.closedConnections()).isZero();
        clock.advance(Duration.ofNanos(1));
        Awaitility.await()
            .atMost(Duration.ofSeconds(5))
            .until(() -> origin.closedConnections() == 1);
      }
    }
  }

  @Test
  void expectContinueIsAnsweredByTheProxyAndNotForwarded() throws Exception {
    try (NettyOrigin origin = NettyOrigin.http1();
        ProxyUnderTest proxy = proxyFor(origin)) {
      Clients.Curl c =
          Clients.curl(
              "--http1.1",
              "-v",
              "-H",
              "Expect: 100-continue",
              "--data-binary",
              "payload",
              proxy.uri("/echo").toString());
      assertThat(c.exitCode()).as(c.stderr()).isZero();
      assertThat(c.stderr()).contains("HTTP/1.1 100 Continue");
      assertThat(c.stdout()).startsWith("POST /echo").endsWith("payload").doesNotContain("expect:");
    }
  }

  @Test
  void drainLetsInFlightHttp2StreamsFinishAndStopsAccepting() throws Exception {
    try (NettyOrigin origin = NettyOrigin.http1();
        ProxyUnderTest proxy = proxyFor(origin)) {
      int before = origin.requests();
      // curl rather than the JDK 17 client, which fails every open stream on any GOAWAY.
      CompletableFuture<Clients.Curl> inFlight =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return Clients.curl(
                      "--http2-prior-knowledge", "-i", proxy.uri("/hold?ms=1500").toString());
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> origin.requests() > before);

      CompletableFuture<Boolean> drained =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return proxy.server.drain();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return false;
                }
              });
      Clients.Curl res = inFlight.get();
      assertThat(res.exitCode()).as(res.stderr()).isZero();
      assertThat(res.stdout()).startsWith("HTTP/2 200").endsWith("held 1500");
      assertThat(drained.get()).as("every connection closed within the drain timeout").isTrue();
      assertThat(proxy.server.state().isReady()).isFalse();
      Throwable refused =
          org.assertj.core.api.Assertions.catchThrowable(
              () -> Clients.get(Clients.http1(), proxy.uri("/after")));
      assertThat(refused).isInstanceOf(ConnectException.class);
    }
  }

  private static ProxyUnderTest proxyFor(NettyOrigin origin) throws InterruptedException {
    return new ProxyUnderTest(
        TestConfigs.config(
            List.of(TestConfigs.upstream("o", UpstreamProtocol.HTTP1, "127.0.0.1", origin.port())),
            List.of(TestConfigs.route("all", MatchType.PATH_PREFIX, "/", "o"))));
  }
}
