package io.mcpedge.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The real jar as a child process: command line, config errors, readiness and graceful drain. */
@Timeout(90)
class MainIT {

  @Test
  void checkAcceptsTheBuiltInDefaultConfig() throws Exception {
    try (ChildProxy p = ChildProxy.run(List.of(), Map.of(), "--check")) {
      assertThat(p.awaitExit(Duration.ofSeconds(30))).as(p.log()).isZero();
      assertThat(p.stdout()).contains("OK");
    }
  }

  @Test
  void invalidConfigPrintsItsProblemsAndExitsNonZeroWithoutServing(@TempDir Path dir)
      throws Exception {
    Path bad = dir.resolve("edge.yaml");
    Files.writeString(
        bad,
        "listeners:\n  - name: http\n    address: 127.0.0.1:0\n"
            + "upstreams: []\nroutes:\n  - name: r\n    upstream: gatewy\n    bogus: 1\n");
    for (String[] args :
        List.of(
            new String[] {"--check", "--config", bad.toString()},
            new String[] {"--config", bad.toString()})) {
      try (ChildProxy p = ChildProxy.run(List.of(), Map.of(), args)) {
        assertThat(p.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
        assertThat(p.log()).contains(bad.toString()).doesNotContain("listener http on");
      }
    }
  }

  @Test
  void anAccessLogInAMissingDirectoryIsAConfigProblem(@TempDir Path dir) throws Exception {
    Path cfg = dir.resolve("edge.yaml");
    Files.writeString(
        cfg,
        "listeners:\n  - name: http\n    address: 127.0.0.1:0\n"
            + "admin:\n  address: 127.0.0.1:0\n"
            + "upstreams:\n  - name: o\n    endpoints: [\"http://127.0.0.1:1\"]\n"
            + "routes:\n  - name: r\n    upstream: o\n"
            + "observability:\n  accessLog:\n    path: "
            + dir.resolve("missing/access.log")
            + "\n");
    try (ChildProxy p =
        ChildProxy.run(List.of(), Map.of(), "--check", "--config", cfg.toString())) {
      assertThat(p.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
      assertThat(p.log())
          .contains(
              cfg
                  + ": observability.accessLog.path: \""
                  + dir.resolve("missing/access.log")
                  + "\" (expected: a file in an existing directory)");
    }
  }

  @Test
  void versionPrintsTheVersionTheBuildWroteIntoTheJar() throws Exception {
    for (String flag : List.of("--version", "-V")) {
      try (ChildProxy p = ChildProxy.run(List.of(), Map.of(), flag)) {
        assertThat(p.awaitExit(Duration.ofSeconds(30))).as(p.log()).isZero();
        assertThat(p.stdout().trim())
            .isEqualTo("mcp-edge " + System.getProperty("project.version"))
            .doesNotContain("null");
      }
    }
  }

  @Test
  void printsTheDefaultConfig() throws Exception {
    try (ChildProxy p = ChildProxy.run(List.of(), Map.of(), "--print-default-config")) {
      assertThat(p.awaitExit(Duration.ofSeconds(30))).isZero();
      assertThat(p.stdout()).contains("routes:").contains("EDGE_UPSTREAM");
    }
  }

  @Test
  void sigtermDrainsInFlightExchangesThenExitsZero() throws Exception {
    try (NettyOrigin origin = NettyOrigin.http1();
        ChildProxy p = ChildProxy.serve(List.of(), origin.port())) {
      HttpClient client = Clients.http1();
      URI ready = URI.create("http://127.0.0.1:" + p.adminPort() + "/ready");
      assertThat(Clients.get(client, ready).statusCode()).isEqualTo(200);
      assertThat(
              Clients.get(client, URI.create("http://127.0.0.1:" + p.adminPort() + "/health"))
                  .statusCode())
          .isEqualTo(200);

      int before = origin.requests();
      CompletableFuture<HttpResponse<String>> slow =
          client.sendAsync(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.port() + "/hold?ms=2500"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> origin.requests() > before);

      p.process.destroy(); // SIGTERM

      Awaitility.await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> Clients.get(Clients.http1(), ready).statusCode() == 503);
      HttpResponse<String> res = slow.get();
      assertThat(res.statusCode()).isEqualTo(200);
      assertThat(res.body()).isEqualTo("held 2500");
      assertThat(res.headers().firstValue("connection")).hasValue("close");
      assertThat(p.awaitExit(Duration.ofSeconds(20))).as(p.log()).isZero();
      assertThat(p.log()).contains("drained");
    }
  }
}
