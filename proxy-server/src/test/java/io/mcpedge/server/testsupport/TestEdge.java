package io.mcpedge.server.testsupport;

import io.mcpedge.core.config.ConfigLoader;
import io.mcpedge.core.config.EdgeConfig;
import io.mcpedge.core.policy.Randomness;
import io.mcpedge.server.EdgeServer;
import io.mcpedge.server.channel.Transport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * A real {@link EdgeServer} on 127.0.0.1 (listener {@code http} and the admin on port 0), built
 * from YAML whose routes and upstreams the test writes, with a {@link ManualTicker} as its clock
 * (or a {@link ManualClock}, which also drives its timers).
 */
public final class TestEdge implements AutoCloseable {

  private final EdgeServer server;
  private final ManualTicker ticker = new ManualTicker();
  private final ManualClock clock;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private TestEdge(String body, int ioThreads, RandomGenerator random, ManualClock clock)
      throws Exception {
    this.clock = clock;
    String yaml =
        "listeners:\n  - name: http\n    address: 127.0.0.1:0\n"
            + "admin:\n  address: 127.0.0.1:0\n"
            + "server:\n  ioThreads: "
            + ioThreads
            + "\n"
            + body;
    EdgeConfig config = ConfigLoader.parse(yaml, "test.yaml", Map.of());
    server =
        new EdgeServer(
            config,
            Transport.select(true),
            clock != null ? clock : ticker,
            InstantSource.system(),
            random);
    server.start();
  }

  /** Starts a proxy with the given {@code upstreams:} and {@code routes:} sections. */
  public static TestEdge start(String upstreamsAndRoutes) throws Exception {
    return new TestEdge(upstreamsAndRoutes, 2, Randomness.threadLocal(), null);
  }

  /**
   * As {@link #start(String)}, on a {@link ManualClock}: no timer of the proxy fires until the test
   * moves {@link #clock()}.
   */
  public static TestEdge startOnManualClock(String upstreamsAndRoutes) throws Exception {
    return new TestEdge(upstreamsAndRoutes, 2, Randomness.threadLocal(), new ManualClock());
  }

  /** As {@link #start(String)}, with one event loop: every connection shares its pools. */
  public static TestEdge startOneLoop(String upstreamsAndRoutes) throws Exception {
    return new TestEdge(upstreamsAndRoutes, 1, Randomness.threadLocal(), null);
  }

  /**
   * As {@link #startOneLoop(String)}, with load-balancer draws and retry jitter from {@code
   * random}, so that a test knows which endpoint an attempt goes to.
   */
  public static TestEdge startOneLoop(String upstreamsAndRoutes, RandomGenerator random)
      throws Exception {
    return new TestEdge(upstreamsAndRoutes, 1, random, null);
  }

  /** As {@link #startOneLoop(String, RandomGenerator)}, on a {@link ManualClock}. */
  public static TestEdge startOneLoopOnManualClock(
      String upstreamsAndRoutes, RandomGenerator random) throws Exception {
    return new TestEdge(upstreamsAndRoutes, 1, random, new ManualClock());
  }

  public EdgeServer server() {
    return server;
  }

  public ManualTicker ticker() {
    if (clock != null) {
      throw new IllegalStateException("this edge runs on clock()");
    }
    return ticker;
  }

  /** The clock of an edge started {@link #startOnManualClock on a manual clock}. */
  public ManualClock clock() {
    if (clock == null) {
      throw new IllegalStateException("this edge runs on ticker()");
    }
    return clock;
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.listenerAddress("http").getPort() + path);
  }

  public HttpClient client() {
    return client;
  }

  public HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).GET();
    if (headers.length > 0) {
      b.headers(headers);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    server.close();
  }
}
