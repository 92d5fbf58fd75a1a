package io.mcpedge.server.mcp.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpedge.server.testsupport.NodeMcp;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The v2 SDK server of {@code testing/mcp/v2-cache-server.mjs} on loopback, with its control
 * endpoints (what reached it, how it answers), and the v2 SDK client of {@code
 * v2-cache-client.mjs}.
 */
final class V2CacheNode implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final int port;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private V2CacheNode(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static V2CacheNode start() throws Exception {
    Path err = Files.createTempFile("v2-cache-server-", ".log");
    Process p =
        new ProcessBuilder("node", "v2-cache-server.mjs", "0")
            .directory(NodeMcp.DIR.toFile())
            .redirectError(err.toFile())
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (line == null) {
      p.destroyForcibly();
      throw new IllegalStateException("the server did not start: " + Files.readString(err));
    }
    return new V2CacheNode(p, JSON.readTree(line).get("port").asInt());
  }

  int port() {
    return port;
  }

  /** Sets how the next answers look: {@code json} or {@code sse}, hints per method, delay. */
  void configure(String mode, String hintsJson, int delayMs) throws Exception {
    post(
        "/_config",
        "{\"mode\":\"" + mode + "\",\"hints\":" + hintsJson + ",\"delayMs\":" + delayMs + "}");
    post("/_reset", "{}");
  }

  /** Requests of {@code method} that reached the server since the last configure. */
  int count(String method) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/_count")).build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode n = JSON.readTree(r.body()).get("byMethod").get(method);
    return n == null ? 0 : n.asInt();
  }

  private void post(String path, String body) throws Exception {
    http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Runs the v2 client against {@code url}; one result per op, as JSON, in order. */
  static List<JsonNode> client(String url, String token, String... ops) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("node", "v2-cache-client.mjs", url, token));
    cmd.addAll(List.of(ops));
    Process p =
        new ProcessBuilder(cmd).directory(NodeMcp.DIR.toFile()).redirectErrorStream(true).start();
    List<JsonNode> results = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        lines.add(line);
        if (line.startsWith("{\"op\":")) {
          JsonNode n = JSON.readTree(line);
          if (n.has("result")) {
            results.add(n.get("result"));
          }
        }
      }
    }
    if (!p.waitFor(40, TimeUnit.SECONDS) || p.exitValue() != 0 || results.size() != ops.length) {
      p.destroyForcibly();
      throw new AssertionError("client failed: " + lines);
    }
    return results;
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
