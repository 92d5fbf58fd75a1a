package io.mcpedge.server.cache;

import io.mcpedge.server.EdgeServer;
import io.mcpedge.server.time.Scheduler;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real proxy on 127.0.0.1:0 in front of a {@link ScriptedOrigin}, with a hand-driven cache
 * clock, an admin listener and a JDK HTTP/1.1 client.
 */
final class ScriptedEdge implements AutoCloseable {

  final ScriptedOrigin origin;
  private final CacheEdge edge;
  final TestClock clock;
  final EdgeServer server;
  final HttpClient client;
  final URI base;
  final URI admin;

  /** {@code cacheAndRoutes}: the YAML {@code cache} and {@code routes} sections. */
  ScriptedEdge(String cacheAndRoutes) throws Exception {
    this(cacheAndRoutes, Scheduler.system());
  }

  /** As above, with {@code time} as the proxy's ticker and timers. */
  ScriptedEdge(String cacheAndRoutes, Scheduler time) throws Exception {
    origin = new ScriptedOrigin();
    edge = new CacheEdge(origin.port(), CacheHarness.TOKEN, cacheAndRoutes, time);
    clock = edge.clock;
    server = edge.server;
    client = edge.client;
    base = edge.base;
    admin = edge.admin;
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
                    .header("Authorization", "Bearer " + CacheHarness.TOKEN)
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
    edge.close();
    origin.close();
  }
}
