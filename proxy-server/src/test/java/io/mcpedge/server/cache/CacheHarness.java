package io.mcpedge.server.cache;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.mcpedge.server.EdgeServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The real proxy on 127.0.0.1:0 in front of a WireMock origin on 127.0.0.1, with a hand-driven
 * cache clock, and a JDK HTTP/1.1 client.
 */
final class CacheHarness implements AutoCloseable {

  static final String TOKEN = "s3cret-admin";

  /** A small store so that size bounds are reachable in a test. */
  static final String CACHE =
      """
      cache:
        maxSize: 1Mi
        maxObjectSize: 64Ki
        coalesceTimeout: 5s
      """;

  /** Routes used by most tests: per-credential /tools, an RFC 9111 area, and a pass-through. */
  static final String ROUTES =
      """
      routes:
        - name: tools
          match:
            path: { type: RegularExpression, value: "^/(v1/)?tools$" }
            methods: [GET, HEAD]
          upstream: origin
          cache: { mode: override, ttl: 5m, scope: per-credential }
        - name: rfc
          match: { path: { type: PathPrefix, value: /r } }
          upstream: origin
          cache: { mode: rfc9111, staleIfError: 1m, negativeTtl: 1m }
        - name: static
          match: { path: { type: PathPrefix, value: /static } }
          upstream: origin
          cache: { mode: override, ttl: 30d, scope: public }
        - name: default
          match: { path: { type: PathPrefix, value: / } }
          upstream: origin
      """;

  final WireMockServer origin;
  private final CacheEdge edge;
  final TestClock clock;
  final EdgeServer server;
  final HttpClient client;
  final URI base;
  final URI admin;

  CacheHarness(String adminToken) throws Exception {
    this(adminToken, CACHE + ROUTES);
  }

  CacheHarness(String adminToken, String cacheAndRoutes) throws Exception {
    origin = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    origin.start();
    edge = new CacheEdge(origin.port(), adminToken, cacheAndRoutes);
    clock = edge.clock;
    server = edge.server;
    client = edge.client;
    base = edge.base;
    admin = edge.admin;
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20));
  }

  HttpResponse<String> get(String path, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = request(path).GET();
    if (headers.length > 0) {
      b.headers(headers);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> send(HttpRequest req) throws IOException, InterruptedException {
    return client.send(req, HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> admin(String method, String pathAndQuery, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(admin.resolve(pathAndQuery))
            .timeout(Duration.ofSeconds(20))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      b.headers(headers);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The absolute URL the cache keys on for a path. */
  String url(String path) {
    return base.resolve(path).toString();
  }

  @Override
  public void close() {
    edge.close();
    origin.stop();
  }
}
