package io.mcpedge.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpedge.core.config.MatchType;
import io.mcpedge.core.config.UpstreamProtocol;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every downstream protocol to every upstream protocol, with header translation, keep-alive reuse
 * and h2c multiplexing.
 */
@Timeout(60)
class ProtocolsIT {

  static NettyOrigin h1Origin;
  static NettyOrigin h2Origin;
  static ProxyUnderTest proxy;

  @BeforeAll
  static void start() throws Exception {
    h1Origin = NettyOrigin.http1();
    h2Origin = NettyOrigin.h2c(5);
    proxy =
        new ProxyUnderTest(
            TestConfigs.config(
                List.of(
                    TestConfigs.upstream(
                        "h1", UpstreamProtocol.HTTP1, "127.0.0.1", h1Origin.port()),
                    TestConfigs.upstream("h2", UpstreamProtocol.H2C, "127.0.0.1", h2Origin.port())),
                List.of(
                    TestConfigs.route("to-h2c", MatchType.PATH_PREFIX, "/h2", "h2"),
                    TestConfigs.route("to-h1", MatchType.PATH_PREFIX, "/", "h1"))));
  }

  @AfterAll
  static void stop() {
    if (proxy != null) {
      proxy.close();
    }
    h1Origin.close();
    h2Origin.close();
  }

  @Test
  void http1ToHttp1() throws Exception {
    HttpResponse<String> res = Clients.get(Clients.http1(), proxy.uri("/echo?x=1"));
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    assertThat(res.body()).startsWith("GET /echo?x=1\n").contains("via: 1.1 mcp-edge\n");
    assertThat(res.headers().allValues("via")).contains("1.1 mcp-edge");
  }

  @Test
  void http2UpgradeToHttp1() throws Exception {
    HttpClient client = Clients.http2();
    HttpResponse<String> first = Clients.get(client, proxy.uri("/echo"));
    HttpResponse<String> second = Clients.get(client, proxy.uri("/echo"));
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(second.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(second.body())
        .contains("via: 2 mcp-edge\n")
        .contains("host: 127.0.0.1:" + proxy.port() + "\n")
        .doesNotContain("x-http2-");
  }

  @Test
  void http2PriorKnowledgeToHttp1() throws Exception {
    Clients.Curl c = Clients.curl("--http2-prior-knowledge", "-i", proxy.uri("/echo").toString());
    assertThat(c.exitCode()).as(c.stderr()).isZero();
    assertThat(c.stdout()).startsWith("HTTP/2 200").contains("via: 2 mcp-edge");
    assertThat(c.stdout()).doesNotContainIgnoringCase("transfer-encoding");
  }

  @Test
  void http1ToH2c() throws Exception {
    HttpResponse<String> res = Clients.get(Clients.http1(), proxy.uri("/h2/echo"));
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.body())
        .startsWith("GET /h2/echo\n")
        .contains("via: 1.1 mcp-edge\n")
        .doesNotContain("\nconnection:")
        .contains("host: 127.0.0.1:" + proxy.port() + "\n"); // sent as :authority
    assertThat(res.headers().allValues("via")).contains("2 mcp-edge");
    assertThat(res.headers().map()).doesNotContainKey("x-http2-stream-id");
  }

  @Test
  void http2ToH2cWithABody() throws Exception {
    Clients.Curl c =
        Clients.curl(
            "--http2-prior-knowledge",
            "-i",
            "--data-binary",
            "ping",
            proxy.uri("/h2/echo").toString());
    assertThat(c.exitCode()).as(c.stderr()).isZero();
    assertThat(c.stdout()).startsWith("HTTP/2 200").contains("POST /h2/echo").endsWith("ping");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "--http1.1, /echo",
    "--http1.1, /h2/echo",
    "--http2-prior-knowledge, /echo",
    "--http2-prior-knowledge, /h2/echo"
  })
  void headResponsesCarryNoBody(String clientFlag, String path) throws Exception {
    Clients.Curl c = Clients.curl(clientFlag, "-I", proxy.uri(path).toString());
    assertThat(c.exitCode()).as(c.stderr()).isZero();
    assertThat(c.stdout())
        .containsPattern("^HTTP/[12](\\.1)? 200")
        .containsIgnoringCase("content-length");
    if (!clientFlag.equals("--http1.1")) {
      return; // curl 7.88 cannot reuse a prior-knowledge connection across --next (nginx neither)
    }
    // the connection stays usable: a second request on it answers normally
    Clients.Curl twice =
        Clients.curl(
            clientFlag,
            "-I",
            proxy.uri(path).toString(),
            "--next",
            clientFlag,
            proxy.uri("/hello").toString());
    assertThat(twice.exitCode()).as(twice.stderr()).isZero();
    assertThat(twice.stdout()).endsWith("hello");
  }

  @Test
  void http1KeepAliveReusesOneUpstreamConnection() throws Exception {
    int before = h1Origin.connections();
    HttpClient client = Clients.http1();
    for (int i = 0; i < 20; i++) {
      assertThat(Clients.get(client, proxy.uri("/hello/" + i)).statusCode()).isEqualTo(200);
    }
    assertThat(h1Origin.connections() - before).isLessThanOrEqualTo(1);
  }

  @Test
  void anUpstreamConnectionClosedByTheOriginIsNeverReused() throws Exception {
    int before = h1Origin.connections();
    HttpClient client = Clients.http1();
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> res = Clients.get(client, proxy.uri("/close"));
      assertThat(res.statusCode()).isEqualTo(200);
      assertThat(res.body()).isEqualTo("closing");
      assertThat(res.headers().firstValue("connection")).isEmpty(); // hop-by-hop: not relayed
    }
    assertThat(h1Origin.connections() - before).isEqualTo(3);
  }

  @Test
  void h2cMultiplexesOverFewConnectionsHonouringMaxConcurrentStreams() throws Exception {
    HttpClient client = Clients.http1();
    List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      all.add(
          client.sendAsync(
              HttpRequest.newBuilder(proxy.uri("/h2/hold?ms=700"))
                  .timeout(Duration.ofSeconds(20))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    // While the origin holds them, the upstream's streams in use show in the metrics.
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(10))
        .until(() -> upstreamStreams() > 5);
    for (CompletableFuture<HttpResponse<String>> f : all) {
      assertThat(f.get().statusCode()).isEqualTo(200);
    }
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> upstreamStreams() == 0);
    // 16 concurrent requests, 5 streams per connection, at most 4 connections per event loop.
    assertThat(h2Origin.connections()).isBetween(2, 4);
    assertThat(h2Origin.maxConcurrentRequests()).isGreaterThan(5);
  }

  static double upstreamStreams() {
    return proxy
        .server
        .meterRegistry()
        .get("edge.upstream.h2_streams")
        .tag("upstream", "h2")
        .gauge()
        .value();
  }

  @Test
  void manyShortConcurrentRequestsOverH2c() throws Exception {
    HttpClient client = Clients.http1();
    List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      all.add(
          client.sendAsync(
              HttpRequest.newBuilder(proxy.uri("/h2/hello/" + i))
                  .timeout(Duration.ofSeconds(20))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    for (CompletableFuture<HttpResponse<String>> f : all) {
      assertThat(f.get().statusCode()).isEqualTo(200);
    }
  }
}
