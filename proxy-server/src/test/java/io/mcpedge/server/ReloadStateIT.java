package io.mcpedge.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mcpedge.server.tls.TestPki;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a reload keeps and what it refuses: an unchanged upstream keeps its pooled connections, a
 * changed one is replaced and its idle connections closed; an invalid file is refused with its
 * errors on the admin listener and in the metrics while the old config serves on; a route a reload
 * adds has its cache and policy meters; listeners are bound and closed (draining) by a reload, and
 * one that cannot be bound refuses the whole reload.
 */
@Timeout(60)
class ReloadStateIT {

  @TempDir Path dir;

  private NettyOrigin origin;
  private NettyOrigin other;
  private ReloadableEdge edge;
  private final HttpClient client = Clients.http1();

  @AfterEach
  void stop() {
    if (edge != null) {
      edge.close();
    }
    if (origin != null) {
      origin.close();
    }
    if (other != null) {
      other.close();
    }
  }

  private static String upstream(String name, int port, String connectTimeout) {
    return "  - name: "
        + name
        + "\n    protocol: http1\n    connectTimeout: "
        + connectTimeout
        + "\n    endpoints: [\"http://127.0.0.1:"
        + port
        + "\"]\n";
  }

  private static String route(String name, String prefix, String upstream) {
    return "  - name: "
        + name
        + "\n    match: { path: { type: PathPrefix, value: "
        + prefix
        + " } }\n    upstream: "
        + upstream
        + "\n";
  }

  private String twoUpstreams(String aTimeout, String bTimeout, String extraRoute) {
    return ReloadableEdge.HTTP_LISTENER
        + "upstreams:\n"
        + upstream("a", origin.port(), aTimeout)
        + upstream("b", other.port(), bTimeout)
        + "routes:\n"
        + extraRoute
        + route("b", "/b", "b")
        + route("a", "/", "a");
  }

  private int okCount(String path, int n) throws Exception {
    int ok = 0;
    for (int i = 0; i < n; i++) {
      HttpResponse<String> res = Clients.get(client, edge.uri(path));
      ok += res.statusCode() == 200 ? 1 : 0;
    }
    return ok;
  }

  @Test
  void anUnchangedUpstreamKeepsItsPooledConnectionsAndAChangedOneIsReplaced() throws Exception {
    origin = NettyOrigin.http1();
    other = NettyOrigin.http1();
    edge = new ReloadableEdge(dir.resolve("edge.yaml"), twoUpstreams("5s", "5s", ""));
    var a = edge.server.cluster("a");
    var b = edge.server.cluster("b");
    assertThat(okCount("/a/hello", 10) + okCount("/b/hello", 10)).isEqualTo(20);
    assertThat(origin.connections()).isEqualTo(1);
    assertThat(other.connections()).isEqualTo(1);

    // A new route and a changed upstream b; a is exactly as it was.
    edge.rewrite(twoUpstreams("5s", "4s", route("added", "/added", "a")));
    assertThat(edge.postReload().statusCode()).isEqualTo(200);

    assertThat(edge.server.cluster("a")).isSameAs(a);
    assertThat(edge.server.cluster("b")).isNotSameAs(b);
    assertThat(okCount("/a/hello", 10) + okCount("/added/hello", 10)).isEqualTo(20);
    assertThat(origin.connections()).as("connections to the unchanged upstream").isEqualTo(1);
    assertThat(origin.closedConnections()).isZero();
    // b's idle connection was closed with its old cluster; the new cluster opens its own.
    await().atMost(Duration.ofSeconds(10)).until(() -> other.closedConnections() == 1);
    assertThat(okCount("/b/hello", 10)).isEqualTo(10);
    assertThat(other.connections()).isEqualTo(2);
  }

  @Test
  void aRouteAReloadAddsHasItsCacheAndPolicyMeters() throws Exception {
    origin = NettyOrigin.http1();
    other = NettyOrigin.http1();
    edge = new ReloadableEdge(dir.resolve("edge.yaml"), twoUpstreams("5s", "5s", ""));
    String added =
        route("added", "/added", "a")
            + "    cache: { mode: override, ttl: 1h, scope: public }\n"
            + "    rateLimit: { requestsPerSecond: 1, burst: 3, key: route }\n";
    edge.rewrite(twoUpstreams("5s", "5s", added));
    assertThat(edge.postReload().statusCode()).isEqualTo(200);

    int ok = okCount("/added/hello", 6);
    assertThat(ok).isBetween(3, 5);
    String metrics = edge.adminGet("/metrics").body();
    assertThat(sample(metrics, "edge_cache_requests_total", "route=\"added\"", "result=\"miss\""))
        .isEqualTo(1);
    assertThat(sample(metrics, "edge_cache_requests_total", "route=\"added\"", "result=\"hit\""))
        .isEqualTo(ok - 1);
    assertThat(
            sample(metrics, "edge_ratelimit_rejections_total", "route=\"added\"", "key=\"route\""))
        .isEqualTo(6 - ok);
    assertThat(sample(metrics, "edge_retries_total", "route=\"added\""))
        .as("the route's other policy meters exist too")
        .isZero();
  }

  /**
   * The value of the one sample of {@code name} whose labels include every one of {@code labels}.
   */
  private static double sample(String exposition, String name, String... labels) {
    return exposition
        .lines()
        .filter(l -> l.startsWith(name + "{"))
        .filter(l -> java.util.Arrays.stream(labels).allMatch(l::contains))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .reduce((a, b) -> Double.NaN)
        .orElse(Double.NaN);
  }

  @Test
  void tlsShowsTheTlsListenersServingNow() throws Exception {
    origin = NettyOrigin.http1();
    TestPki pki = new TestPki(java.nio.file.Files.createDirectories(dir.resolve("pki")), "reload");
    Path[] cert = pki.server("edge", false, "a.test");
    String routes =
        "upstreams:\n" + upstream("a", origin.port(), "5s") + "routes:\n" + route("a", "/", "a");
    edge = new ReloadableEdge(dir.resolve("edge.yaml"), ReloadableEdge.HTTP_LISTENER + routes);
    assertThat(edge.adminGet("/tls").body()).isEqualTo("{\"listeners\":[]}\n");

    String https =
        "  - {name: https, address: 127.0.0.1:0, tls: {certFile: %s, keyFile: %s}}\n"
            .formatted(cert[0], cert[1]);
    edge.rewrite(ReloadableEdge.HTTP_LISTENER + https + routes);
    assertThat(edge.postReload().statusCode()).isEqualTo(200);
    assertThat(edge.adminGet("/tls").body())
        .contains("\"name\":\"https\"", "\"subject\":\"CN=a.test\"");

    edge.rewrite(ReloadableEdge.HTTP_LISTENER + routes);
    assertThat(edge.postReload().statusCode()).isEqualTo(200);
    assertThat(edge.adminGet("/tls").body()).isEqualTo("{\"listeners\":[]}\n");
    assertThat(edge.server.tls("https")).isNull();
  }

  @Test
  void anInvalidFileIsRefusedAndTheOldConfigServesOn() throws Exception {
    origin = NettyOrigin.http1();
    other = NettyOrigin.http1();
    edge = new ReloadableEdge(dir.resolve("edge.yaml"), twoUpstreams("5s", "5s", ""));
    edge.rewrite(
        twoUpstreams("5s", "-1s", route("broken", "/broken", "nowhere"))
            + "  - name: extra\n    unknownKey: 1\n");

    HttpResponse<String> refused = edge.postReload();

    assertThat(refused.statusCode()).isEqualTo(422);
    assertThat(refused.body())
        .contains("\"generation\":1", "\"lastResult\":\"failure\"", "\"lastTrigger\":\"admin\"")
        .contains("upstreams[1].connectTimeout", "routes[0].upstream", "unknownKey");
    HttpResponse<String> status = edge.adminGet("/reload");
    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(status.body()).isEqualTo(refused.body());
    assertThat(okCount("/a/hello", 3)).isEqualTo(3);
    assertThat(Clients.get(client, edge.uri("/broken/x")).body()).isEqualTo("hello");
    String metrics = edge.adminGet("/metrics").body();
    assertThat(metrics)
        .contains("edge_config_reloads_total{result=\"failure\"} 1.0")
        .contains("edge_config_reloads_total{result=\"success\"} 0.0")
        .contains("edge_config_generation 1.0");

    // Without the token, neither the status nor a reload.
    HttpResponse<String> anonymous =
        client.send(
            java.net.http.HttpRequest.newBuilder(edge.adminUri("/reload"))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(401);

    // Fixed, the file applies.
    edge.rewrite(twoUpstreams("5s", "5s", ""));
    HttpResponse<String> applied = edge.postReload();
    assertThat(applied.statusCode()).isEqualTo(200);
    assertThat(applied.body()).contains("\"generation\":2", "\"errors\":[]");
  }

  @Test
  void listenersAreBoundAndClosedByAReloadAndUnchangedOnesKeepTheirSocket() throws Exception {
    origin = NettyOrigin.http1();
    other = NettyOrigin.http1();
    String routes =
        "upstreams:\n" + upstream("a", origin.port(), "5s") + "routes:\n" + route("a", "/", "a");
    edge = new ReloadableEdge(dir.resolve("edge.yaml"), ReloadableEdge.HTTP_LISTENER + routes);
    int http = edge.server.listenerAddress("http").getPort();

    edge.rewrite(
        ReloadableEdge.HTTP_LISTENER + "  - name: extra\n    address: 127.0.0.1:0\n" + routes);
    assertThat(edge.postReload().statusCode()).isEqualTo(200);
    int extra = edge.server.listenerAddress("extra").getPort();
    assertThat(edge.server.listenerAddress("http").getPort()).isEqualTo(http);
    assertThat(Clients.get(client, edge.uri("extra", "/x")).body()).isEqualTo("hello");

    // An idle keep-alive connection on the listener about to go.
    try (Socket idle = new Socket("127.0.0.1", extra)) {
      idle.setSoTimeout(10_000);
      exchange(idle);

      edge.rewrite(ReloadableEdge.HTTP_LISTENER + routes);
      assertThat(edge.postReload().statusCode()).isEqualTo(200);

      assertThat(idle.getInputStream().read()).as("the drained connection closes").isEqualTo(-1);
    }
    assertThatThrownBy(() -> new Socket("127.0.0.1", extra).close())
        .isInstanceOf(ConnectException.class);
    assertThat(Clients.get(client, edge.uri("/x")).body()).isEqualTo("hello");
    assertThat(edge.server.listenerAddress("http").getPort()).isEqualTo(http);
  }

  @Test
  void aListenerThatCannotBeBoundRefusesTheWholeReload() throws Exception {
    origin = NettyOrigin.http1();
    other = NettyOrigin.http1();
    edge = new ReloadableEdge(dir.resolve("edge.yaml"), twoUpstreams("5s", "5s", ""));
    var a = edge.server.cluster("a");
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.1", 0));
      edge.rewrite(
          twoUpstreams("4s", "5s", route("added", "/added", "a"))
              .replace(
                  "listeners:\n",
                  "listeners:\n  - name: busy\n    address: 127.0.0.1:"
                      + taken.getLocalPort()
                      + "\n"));

      HttpResponse<String> refused = edge.postReload();

      assertThat(refused.statusCode()).isEqualTo(422);
      assertThat(refused.body()).contains("listeners.busy.address");
    }
    assertThat(edge.server.cluster("a")).isSameAs(a);
    assertThat(edge.server.routes().table().routes()).as("the old routes").hasSize(2);
    assertThat(edge.server.reloader().status().generation()).isEqualTo(1);
    assertThat(Clients.get(client, edge.uri("/x")).body()).isEqualTo("hello");
  }

  /**
   * A bucket of 30 that refills at 1/s, emptied before the reload: kept, it lets at most one
   * request per second elapsed through afterwards; a new one would let all of the next 20 through.
   */
  @Test
  void theBucketsOfAnUnchangedRateLimitSurviveAReload() throws Exception {
    origin = NettyOrigin.http1();
    String limited =
        "  - name: limited\n    match: { path: { type: PathPrefix, value: /limited } }\n"
            + "    upstream: a\n    rateLimit: { requestsPerSecond: 1, burst: 30 }\n";
    String upstreams = "upstreams:\n" + upstream("a", origin.port(), "5s") + "routes:\n";
    edge =
        new ReloadableEdge(
            dir.resolve("edge.yaml"),
            ReloadableEdge.HTTP_LISTENER + upstreams + limited + route("a", "/", "a"));
    int sent = 0;
    while (Clients.get(client, edge.uri("/limited/x")).statusCode() == 200) {
      assertThat(++sent).as("requests before the bucket is empty").isLessThan(200);
    }

    edge.rewrite(
        ReloadableEdge.HTTP_LISTENER
            + upstreams
            + limited
            + route("added", "/added", "a")
            + route("a", "/", "a"));
    assertThat(edge.postReload().statusCode()).isEqualTo(200);

    int limitedAfter = 0;
    for (int i = 0; i < 20; i++) {
      limitedAfter += Clients.get(client, edge.uri("/limited/x")).statusCode() == 429 ? 1 : 0;
    }
    assertThat(limitedAfter).as("requests refused by the kept, emptied bucket").isPositive();
  }

  /** One keep-alive GET on a raw socket; reads the whole short answer. */
  private static void exchange(Socket s) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write("GET /x HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = s.getInputStream();
    StringBuilder got = new StringBuilder();
    while (!got.toString().endsWith("hello")) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("closed early: " + got);
      }
      got.append((char) c);
    }
  }
}
