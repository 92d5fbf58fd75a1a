package io.mcpedge.server.cache;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.mcpedge.core.config.ConfigLoader;
import io.mcpedge.core.config.EdgeConfig;
import io.mcpedge.server.EdgeServer;
import io.mcpedge.server.channel.Transport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The real proxy with its built-in configuration (listeners moved to 127.0.0.1:0 through the
 * environment variables it reads) in front of a WireMock origin playing the gateway, with a
 * hand-driven cache clock and a JDK HTTP/1.1 client.
 */
final class BuiltInEdge implements AutoCloseable {

  final WireMockServer origin;
  final TestClock clock = new TestClock();
  final EdgeServer server;
  final HttpClient client;
  final URI base;
  private final ExecutorService clientThreads = Executors.newFixedThreadPool(4);

  BuiltInEdge() throws Exception {
    origin = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    origin.start();
    EdgeConfig config =
        ConfigLoader.loadDefault(
            Map.of(
                "EDGE_LISTEN", "127.0.0.1:0",
                "EDGE_ADMIN", "127.0.0.1:0",
                "EDGE_UPSTREAM", "http://127.0.0.1:" + origin.port()));
    server = new EdgeServer(config, Transport.select(true), System::nanoTime, clock);
    server.start();
    base = URI.create("http://127.0.0.1:" + server.listenerAddress("http").getPort());
    client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(clientThreads)
            .build();
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20));
  }

  HttpResponse<String> get(String path, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = request(path).GET();
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b.build());
  }

  HttpResponse<String> head(String path, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = request(path).method("HEAD", HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b.build());
  }

  HttpResponse<String> send(HttpRequest req) throws IOException, InterruptedException {
    return client.send(req, HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    server.close();
    clientThreads.shutdownNow();
    origin.stop();
  }
}
