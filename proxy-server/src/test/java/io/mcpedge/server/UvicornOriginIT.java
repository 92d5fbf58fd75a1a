package io.mcpedge.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpedge.core.config.ConfigLoader;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The spellings of {@code /_internal} that slipped past the route table, sent through the proxy on
 * its built-in config to a real Uvicorn + Starlette origin (the gateway's server, which decodes
 * {@code %2F} before it routes) whose {@code /_internal/...} handler counts its runs. The test
 * first shows, straight to the origin, that an encoded slash does run that handler; through the
 * proxy it must never run.
 */
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UvicornOriginIT {

  private static final String PYTHON = "/usr/bin/python3";

  private Process uvicorn;
  private int originPort;
  private ProxyUnderTest proxy;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @BeforeAll
  void start() throws Exception {
    Path app = Path.of(getClass().getResource("/uvicorn/internal_app.py").toURI());
    try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      originPort = free.getLocalPort();
    }
    uvicorn =
        new ProcessBuilder(
                PYTHON,
                "-m",
                "uvicorn",
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(originPort),
                "--app-dir",
                app.getParent().toString(),
                "--lifespan",
                "off",
                "internal_app:app")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(new File("target/uvicorn-origin.log")))
            .start();
    await("Uvicorn on port " + originPort + " (its output: target/uvicorn-origin.log)")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(() -> runs() >= 0);
    proxy =
        new ProxyUnderTest(
            ConfigLoader.loadDefault(
                Map.of(
                    "EDGE_LISTEN", "127.0.0.1:0",
                    "EDGE_ADMIN", "127.0.0.1:0",
                    "EDGE_UPSTREAM", "http://127.0.0.1:" + originPort)));
  }

  @AfterAll
  void stop() throws InterruptedException {
    if (proxy != null) {
      proxy.close();
    }
    if (uvicorn != null) {
      uvicorn.destroy();
      if (!uvicorn.waitFor(10, TimeUnit.SECONDS)) {
        uvicorn.destroyForcibly();
      }
    }
  }

  /** How often the origin's {@code /_internal} handler has run, asked of the origin directly. */
  private int runs() throws IOException, InterruptedException {
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + originPort + "/__runs"))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("origin not ready: " + r.statusCode());
    }
    return Integer.parseInt(r.body().trim());
  }

  private static String request(String method, String target) {
    return method + " " + target + " HTTP/1.1\r\nHost: edge.test\r\nContent-Length: 0\r\n\r\n";
  }

  @Test
  void theInternalHandlerNeverRunsThroughTheProxy() throws Exception {
    // The fixture is the real thing: an encoded slash, sent straight to it, runs the handler.
    RawHttp.Answer direct = RawHttp.exchange(originPort, request("POST", "/_internal%2Fmcp%2Frpc"));
    assertThat(direct.body()).isEqualTo("internal handler ran\n");
    int before = runs();
    assertThat(before).isEqualTo(1);

    List<String> targets =
        List.of(
            "/_internal/mcp/rpc",
            "/_internal%2Fmcp%2Frpc",
            "/_internal%2fmcp%2frpc",
            "/%5Finternal%2Fmcp%2Frpc",
            "/%5finternal%2fmcp",
            "/_internal%5Cmcp%5Crpc",
            "/_internal%5cmcp",
            "/_internal\\mcp",
            "/_internal%252Fmcp%252Frpc",
            "/%255Finternal%252Fmcp",
            "/x/..%2F_internal/mcp",
            "/x/%2E%2E/%5Finternal/mcp",
            "//_internal/mcp",
            "/static/..%2F..%2F_internal/x.css",
            "http://edge.test/_internal/mcp",
            "http://edge.test/%5Finternal/mcp",
            "http://edge.test/_internal%2Fmcp",
            "HTTP://edge.test/a/../_internal/mcp",
            "http://edge.test/static%2F..%2F_internal/x.css");
    for (String target : targets) {
      for (String method : List.of("POST", "GET")) {
        RawHttp.Answer a = RawHttp.exchange(proxy.port(), request(method, target));
        assertThat(a.body()).as(method + " " + target).doesNotContain("internal handler ran");
        assertThat(a.status()).as(method + " " + target).isIn(400, 403, 404, 405, 200);
      }
    }
    try (H2Raw h2 = new H2Raw(proxy.port())) {
      for (String path : targets) {
        assertThat(h2.request("POST", "edge.test", path))
            .as("HTTP/2 " + path)
            .isIn("400", "403", "404", "200", "RST");
      }
      assertThat(h2.request("POST", "edge.test", "_internal/mcp")).isIn("400", "RST");
    }
    assertThat(runs()).as("runs of the origin's /_internal handler").isEqualTo(before);

    // A double escape is forwarded as it is, and the origin reads it as text, not as a slash.
    RawHttp.Answer doubled =
        RawHttp.exchange(proxy.port(), request("GET", "/_internal%252Fmcp%252Frpc"));
    assertThat(doubled.body()).isEqualTo("origin saw /_internal%2Fmcp%2Frpc for edge.test\n");
  }
}
