package io.mcpedge.server.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpedge.core.config.ConfigLoader;
import io.mcpedge.core.config.EdgeConfig;
import io.mcpedge.server.EdgeServer;
import io.mcpedge.server.channel.Transport;
import io.mcpedge.server.testsupport.NodeMcp;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real MCP session through the proxy: the official SDK client talks to {@code server-everything}
 * behind the proxy, in both transports. Covers initialize, tools/list, tools/call, a
 * server-initiated notification on the standalone GET stream, resumption with {@code
 * Last-Event-ID}, and DELETE of the session (streamable HTTP); the legacy endpoint event and
 * back-channel POSTs (SSE). The route verifies MCP: a session of an older revision passes it
 * unchanged.
 */
@Timeout(120)
class McpThroughProxyIT {

  private static final String ROUTES =
      """
      listeners: [{ name: http, address: "127.0.0.1:0" }]
      admin: { address: "127.0.0.1:0" }
      upstreams: [{ name: mcp, endpoints: ["http://127.0.0.1:%d"] }]
      routes:
        - name: streams
          match: { path: { type: RegularExpression, value: "^/(mcp/?|sse)$" } }
          upstream: mcp
          timeouts: { request: 3600s, idle: 300s }
          mcp: { verify: true }
        - name: default
          upstream: mcp
          timeouts: { request: 60s }
      """;

  @Test
  void streamableHttpSessionWorksThroughTheProxy() throws Exception {
    assertSessionPasses("streamableHttp", "/mcp");
  }

  @Test
  void legacySseSessionWorksThroughTheProxy() throws Exception {
    assertSessionPasses("sse", "/sse");
  }

  private static void assertSessionPasses(String mode, String path) throws Exception {
    try (NodeMcp.Server origin = NodeMcp.startServer(mode, Duration.ofSeconds(30));
        EdgeServer proxy = start(origin.port())) {
      int port = proxy.listenerAddress("http").getPort();
      NodeMcp.ClientRun run =
          NodeMcp.runClient(mode, "http://127.0.0.1:" + port + path, Duration.ofSeconds(90));
      assertThat(run.lines()).as("client output").anyMatch(l -> l.contains("\"check\":\"done\""));
      assertThat(run.lines()).noneMatch(l -> l.contains("\"ok\":false"));
      assertThat(run.exitCode()).as("client exit code; output: %s", run.lines()).isZero();
    }
  }

  private static EdgeServer start(int originPort) throws Exception {
    EdgeConfig config = ConfigLoader.parse(ROUTES.formatted(originPort), "mcp-it.yaml", Map.of());
    EdgeServer server = new EdgeServer(config, Transport.select(false), System::nanoTime);
    server.start();
    return server;
  }
}
