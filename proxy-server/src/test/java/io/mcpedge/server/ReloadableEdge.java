package io.mcpedge.server;

import io.mcpedge.core.config.ConfigLoader;
import io.mcpedge.core.policy.Randomness;
import io.mcpedge.server.channel.Transport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;

/**
 * A real {@link EdgeServer} on loopback started from a config file, which the test rewrites and
 * reloads as an operator would: the server's reload source is that file. The admin listener is on
 * port 0 with the token {@link #TOKEN}; {@link #HEADER} starts every file.
 */
final class ReloadableEdge implements AutoCloseable {

  static final String TOKEN = "reload-secret";

  /** The admin section and one event loop; listeners, upstreams and routes are the test's. */
  static final String HEADER =
      "admin:\n  address: 127.0.0.1:0\n  token: " + TOKEN + "\nserver:\n  ioThreads: 1\n";

  /** One listener {@code http} on an ephemeral port. */
  static final String HTTP_LISTENER = "listeners:\n  - name: http\n    address: 127.0.0.1:0\n";

  final Path file;
  final EdgeServer server;
  private final HttpClient admin = Clients.http1();

  /**
   * @param file where the config is written ({@code HEADER + yaml}) and reloaded from
   * @param yaml the file's content after {@code HEADER}, or {@code null} when the test wrote it
   */
  ReloadableEdge(Path file, String yaml) throws Exception {
    this.file = file;
    if (yaml != null) {
      write(file, HEADER + yaml);
    }
    server =
        new EdgeServer(
            ConfigLoader.load(file, Map.of()),
            Transport.select(true),
            System::nanoTime,
            InstantSource.system(),
            Randomness.threadLocal(),
            () -> ConfigLoader.load(file, Map.of()));
    server.start();
  }

  /** Replaces the file's content atomically (a rename), as editors and ConfigMaps do. */
  static void write(Path file, String content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, content, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Rewrites the file ({@code HEADER + yaml}) without reloading. */
  void rewrite(String yaml) throws IOException {
    write(file, HEADER + yaml);
  }

  /** {@code POST /reload} with the token: 200 with the status when applied, 422 when refused. */
  HttpResponse<String> postReload() throws Exception {
    return admin(
        HttpRequest.newBuilder(adminUri("/reload")).POST(HttpRequest.BodyPublishers.noBody()));
  }

  /** {@code GET} of an admin path, with the token. */
  HttpResponse<String> adminGet(String path) throws Exception {
    return admin(HttpRequest.newBuilder(adminUri(path)).GET());
  }

  private HttpResponse<String> admin(HttpRequest.Builder b) throws Exception {
    return admin.send(
        b.header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  URI adminUri(String path) {
    return URI.create("http://127.0.0.1:" + server.adminAddress().getPort() + path);
  }

  /** A URI on listener {@code http}. */
  URI uri(String path) {
    return uri("http", path);
  }

  URI uri(String listener, String path) {
    return URI.create("http://127.0.0.1:" + server.listenerAddress(listener).getPort() + path);
  }

  @Override
  public void close() {
    server.close();
  }
}
