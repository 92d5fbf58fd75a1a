package io.mcpedge.server.cache;

import io.mcpedge.core.config.ConfigLoader;
import io.mcpedge.core.config.EdgeConfig;
import io.mcpedge.server.EdgeServer;
import io.mcpedge.server.channel.Transport;
import io.mcpedge.server.time.Scheduler;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The real proxy on 127.0.0.1:0 in front of an origin on 127.0.0.1, with a hand-driven cache clock,
 * an admin listener and a JDK HTTP/1.1 client: what {@link CacheHarness} and {@link ScriptedEdge}
 * share.
 */
final class CacheEdge implements AutoCloseable {

  final TestClock clock = new TestClock();
  final EdgeServer server;
  final HttpClient client;
  final URI base;
  final URI admin;
  private final ExecutorService clientThreads = Executors.newFixedThreadPool(4);

  /**
   * @param adminToken the admin listener's token, or {@code null} for none
   * @param cacheAndRoutes the YAML {@code cache} and {@code routes} sections, naming the upstream
   *     {@code origin}
   */
  CacheEdge(int originPort, String adminToken, String cacheAndRoutes) throws Exception {
    this(originPort, adminToken, cacheAndRoutes, Scheduler.system());
  }

  /**
   * As above, with {@code time} as the proxy's ticker and timers (a {@link
   * io.mcpedge.server.testsupport.ManualClock} that the test moves).
   */
  CacheEdge(int originPort, String adminToken, String cacheAndRoutes, Scheduler time)
      throws Exception {
    String yaml =
        "listeners:\n"
            + "  - name: http\n"
            + "    address: 127.0.0.1:0\n"
            + "admin:\n"
            + "  address: 127.0.0.1:0\n"
            + (adminToken == null ? "" : "  token: " + adminToken + "\n")
            + "upstreams:\n"
            + "  - name: origin\n"
            + "    endpoints: [\"http://127.0.0.1:"
            + originPort
            + "\"]\n"
            + cacheAndRoutes;
    EdgeConfig config = ConfigLoader.parse(yaml, "cache-edge.yaml", Map.of());
    server = new EdgeServer(config, Transport.select(true), time, clock);
    server.start();
    base = URI.create("http://127.0.0.1:" + server.listenerAddress("http").getPort());
    admin = URI.create("http://127.0.0.1:" + server.adminAddress().getPort());
    client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(clientThreads)
            .build();
  }

  @Override
  public void close() {
    server.close();
    clientThreads.shutdownNow();
  }
}
