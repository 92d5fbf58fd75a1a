package io.mcpedge.server.cache;

import io.mcpedge.core.config.ConfigLoader;
import io.mcpedge.core.config.EdgeConfig;
import io.mcpedge.server.EdgeServer;
import io.mcpedge.server.Transport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real proxy on 127.0.0.1:0 in front of a {@link ScriptedOrigin}, with a hand-driven cache
 * clock, an admin listener and a JDK HTTP/1.1 client.
 */
final class ScriptedEdge implements AutoCloseable {

  final ScriptedOrigin origin;
  final TestClock clock = new TestClock();
  final EdgeServer server;
  final HttpClient client;
  final URI base;
  final URI admin;
  private final ExecutorService clientThreads = Executors.newFixedThreadPool(4);

  /** {@code cacheAndRoutes}: the YAML {@code cache} and {@code routes} sections. */
  ScriptedEdge(String cacheAndRoutes) throws Exception {
    origin = new ScriptedOrigin();
    String yaml =
        "listeners:\n"
            + "  - name: http\n"
            + "    address: 127.0.0.1:0\n"
            + "admin:\n"
            + "  address: 127.0.0.1:0\n"
            + "  token: "
            + CacheHarness.TOKEN
            + "\n"
            + "upstreams:\n"
            + "  - name: origin\n"
            + "    endpoints: [\"http://127.0.0.1:"
            + origin.port()
            + "\"]\n"
            + cacheAndRoutes;
    EdgeConfig config = ConfigLoader.parse(yaml, "scripted-edge.yaml", Map.of());
    server = new EdgeServer(config, Transport.select(true), System::nanoTime, clock);
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

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return client.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A number from {@code GET /cache/stats} on the admin listener. */
  long stat(String name) throws IOException, InterruptedException {
    String json =
        client
            .send(
                HttpRequest.newBuilder(admin.resolve("/cache/stats"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Matcher m = Pattern.compile("\"" + name + "\":(\\d+)").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no " + name + " in " + json);
    }
    return Long.parseLong(m.group(1));
  }

  @Override
  public void close() {
    server.close();
    origin.close();
    clientThreads.shutdownNow();
  }
}
