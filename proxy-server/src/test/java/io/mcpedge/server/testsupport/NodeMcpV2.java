package io.mcpedge.server.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
 * The TypeScript SDK v2 (MCP 2026-07-28) server and client scripts of {@code testing/mcp}: {@code
 * v2-server.mjs}, which binds 127.0.0.1 and counts what it answers, and {@code v2-client.mjs},
 * which discovers the server and runs every method, one JSON line per result.
 */
public final class NodeMcpV2 {

  private static final ObjectMapper JSON = new ObjectMapper();

  private NodeMcpV2() {}

  /** A running v2 server; close it to stop the node process. */
  public static final class Server implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient client = HttpClient.newHttpClient();

    private Server(Process process, int port, Path log) {
      this.process = process;
      this.port = port;
      this.log = log;
    }

    public int port() {
      return port;
    }

    public String url() {
      return "http://127.0.0.1:" + port + "/mcp";
    }

    /** What the server answered so far: {@code total}, and counts by method and name. */
    public JsonNode stats() throws Exception {
      HttpResponse<String> res =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/stats"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return JSON.readTree(res.body());
    }

    /** Requests the server answered so far. */
    public int total() throws Exception {
      return stats().path("total").asInt(0);
    }

    public String log() throws IOException {
      return Files.readString(log);
    }

    @Override
    public void close() throws Exception {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** The result of one client run: its exit code and the JSON lines it printed. */
  public record ClientRun(int exitCode, List<String> lines) {}

  /** Starts the server answering as {@code json} or {@code sse} on a free loopback port. */
  public static Server startServer(String responseMode, Duration startTimeout) throws Exception {
    requireInstalled();
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path log = Files.createTempFile("mcp-v2-server-", ".log");
    ProcessBuilder pb =
        new ProcessBuilder("node", "v2-server.mjs", responseMode)
            .directory(NodeMcp.DIR.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("PORT", Integer.toString(port));
    Server server = new Server(pb.start(), port, log);
    long deadline = System.nanoTime() + startTimeout.toNanos();
    while (!accepts(port)) {
      if (!server.process.isAlive() || System.nanoTime() > deadline) {
        String output = server.log();
        server.close();
        throw new IllegalStateException("v2 server did not start on port " + port + ": " + output);
      }
      server.process.waitFor(50, TimeUnit.MILLISECONDS);
    }
    return server;
  }

  /** Runs {@code v2-client.mjs} against {@code url}; only its stdout lines are collected. */
  public static ClientRun runClient(String url, Duration timeout) throws Exception {
    requireInstalled();
    Process p =
        new ProcessBuilder("node", "v2-client.mjs", url)
            .directory(NodeMcp.DIR.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    List<String> lines = new ArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try {
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                synchronized (lines) {
                  lines.addAll(out.lines().toList());
                }
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            },
            "mcp-v2-client-output");
    reader.start();
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      reader.join(5000);
      throw new IllegalStateException("v2 client timed out; output so far: " + lines);
    }
    reader.join(5000);
    synchronized (lines) {
      return new ClientRun(p.exitValue(), List.copyOf(lines));
    }
  }

  private static void requireInstalled() {
    if (!Files.isDirectory(NodeMcp.DIR.resolve("node_modules/@modelcontextprotocol/server"))) {
      throw new IllegalStateException(
          "npm fixture missing in " + NodeMcp.DIR + ": run scripts/install-test-deps.sh");
    }
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
