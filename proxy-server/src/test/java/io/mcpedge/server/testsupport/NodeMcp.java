package io.mcpedge.server.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real MCP server ({@code @modelcontextprotocol/server-everything}) and the official SDK
 * client, run with node from {@code testing/mcp} (installed by {@code
 * scripts/install-test-deps.sh}). The server is pinned to 127.0.0.1 by a preload, since it has no
 * host option of its own.
 */
public final class NodeMcp {

  /** Where the npm fixture lives, relative to the proxy-server module's base directory. */
  public static final Path DIR = Path.of("..", "testing", "mcp").toAbsolutePath().normalize();

  private NodeMcp() {}

  /** A running MCP server; close it to stop the node process. */
  public static final class Server implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    private Server(Process process, int port, Path log) {
      this.process = process;
      this.port = port;
      this.log = log;
    }

    public int port() {
      return port;
    }

    public String log() throws IOException {
      return Files.readString(log);
    }

    @Override
    public void close() throws Exception {
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** The result of one client run: its exit code and the JSON lines it printed. */
  public record ClientRun(int exitCode, List<String> lines) {}

  /**
   * Starts the server in {@code mode} ({@code streamableHttp} or {@code sse}) on a free loopback
   * port and waits until it accepts connections.
   */
  public static Server startServer(String mode, Duration startTimeout) throws Exception {
    requireInstalled();
    int port = freePort();
    Path log = Files.createTempFile("mcp-server-", ".log");
    ProcessBuilder pb =
        new ProcessBuilder(
                "node",
                "-r",
                "./loopback.cjs",
                "node_modules/@modelcontextprotocol/server-everything/dist/index.js",
                mode)
            .directory(DIR.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("PORT", Integer.toString(port));
    Server server = new Server(pb.start(), port, log);
    long deadline = System.nanoTime() + startTimeout.toNanos();
    while (!accepts(port)) {
      if (!server.process.isAlive() || System.nanoTime() > deadline) {
        String output = server.log();
        server.close();
        throw new IllegalStateException("MCP server did not start on port " + port + ": " + output);
      }
      // Polling a port that is not open yet: a short pause between connection attempts.
      server.process.waitFor(50, TimeUnit.MILLISECONDS);
    }
    return server;
  }

  /** Runs the SDK client script against {@code url} in {@code mode} and collects its output. */
  public static ClientRun runClient(String mode, String url, Duration timeout) throws Exception {
    requireInstalled();
    Process p =
        new ProcessBuilder("node", "mcp-client.mjs", mode, url)
            .directory(DIR.toFile())
            .redirectErrorStream(true)
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
            "mcp-client-output");
    reader.start();
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      reader.join(5000);
      throw new IllegalStateException("MCP client timed out; output so far: " + lines);
    }
    reader.join(5000);
    synchronized (lines) {
      return new ClientRun(p.exitValue(), List.copyOf(lines));
    }
  }

  private static void requireInstalled() {
    if (!Files.isDirectory(DIR.resolve("node_modules/@modelcontextprotocol/sdk"))) {
      throw new IllegalStateException(
          "npm fixture missing in " + DIR + ": run scripts/install-test-deps.sh");
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
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
