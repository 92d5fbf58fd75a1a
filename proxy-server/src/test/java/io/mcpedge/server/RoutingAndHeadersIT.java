package io.mcpedge.server;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.mcpedge.core.config.DirectResponseConfig;
import io.mcpedge.core.config.HeaderMatch;
import io.mcpedge.core.config.MatchType;
import io.mcpedge.core.config.RouteCacheConfig;
import io.mcpedge.core.config.RouteConfig;
import io.mcpedge.core.config.RouteMatch;
import io.mcpedge.core.config.StreamConfig;
import io.mcpedge.core.config.TimeoutsConfig;
import io.mcpedge.core.config.UpstreamProtocol;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Route matching through the real server (every match type, over HTTP/1.1 and HTTP/2), 404 for
 * unrouted requests, direct responses, and the header hygiene the origin observes.
 */
@Timeout(60)
class RoutingAndHeadersIT {

  static WireMockServer origin;
  static ProxyUnderTest proxy;

  @BeforeAll
  static void start() throws Exception {
    origin =
        new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
    origin.start();
    origin.stubFor(any(anyUrl()).willReturn(ok("from origin")));
    proxy =
        new ProxyUnderTest(
            TestConfigs.config(
                List.of(
                    TestConfigs.upstream("wm", UpstreamProtocol.HTTP1, "127.0.0.1", origin.port())),
                List.of(
                    named("exact", TestConfigs.match(MatchType.EXACT, "/exact")),
                    named(
                        "regex",
                        TestConfigs.match(MatchType.REGULAR_EXPRESSION, "^/items/[0-9]+$")),
                    named(
                        "method",
                        TestConfigs.match(
                            MatchType.PATH_PREFIX, "/m", Set.of("DELETE"), List.of(), List.of())),
                    named(
                        "header",
                        TestConfigs.match(
                            MatchType.PATH_PREFIX,
                            "/h",
                            Set.of(),
                            List.of(new HeaderMatch("X-Tenant", MatchType.EXACT, "blue")),
                            List.of())),
                    named(
                        "hostname",
                        TestConfigs.match(
                            MatchType.PATH_PREFIX,
                            "/host",
                            Set.of(),
                            List.of(),
                            List.of("*.example.test"))),
                    named("prefix", TestConfigs.match(MatchType.PATH_PREFIX, "/api")),
                    TestConfigs.direct("internal", "/_internal", 403, "denied at the edge"),
                    TestConfigs.route("to-origin", MatchType.PATH_PREFIX, "/o", "wm"))));
  }

  /** A route that answers its own name, so the test sees which route matched. */
  private static RouteConfig named(String name, RouteMatch match) {
    return new RouteConfig(
        name,
        match,
        null,
        new TimeoutsConfig(Duration.ofSeconds(5), null),
        RouteCacheConfig.OFF,
        null,
        null,
        StreamConfig.NONE,
        new DirectResponseConfig(200, "route " + name));
  }

  @AfterAll
  static void stop() {
    if (proxy != null) {
      proxy.close();
    }
    origin.stop();
  }

  @ParameterizedTest(name = "{0} {1} host={2} tenant={3} -> {4}")
  @CsvSource({
    "GET, /exact, , , route exact",
    "GET, /exact/more, , , 404",
    "GET, /items/42, , , route regex",
    "GET, /items/42?q=1, , , route regex",
    "GET, /items/x, , , 404",
    "DELETE, /m/1, , , route method",
    "GET, /m/1, , , 404",
    "GET, /h, , blue, route header",
    "GET, /h, , green, 404",
    "GET, /host, a.example.test, , route hostname",
    "GET, /host, example.test, , 404",
    "GET, /api, , , route prefix",
    "GET, /api/v1/tools, , , route prefix",
    "GET, /apix, , , 404",
    "GET, /_internal/x, , , denied at the edge",
  })
  void routesMatchOverHttp1AndHttp2(
      String method, String path, String host, String tenant, String expected) throws Exception {
    for (HttpClient.Version version : HttpClient.Version.values()) {
      java.util.List<String> args =
          new java.util.ArrayList<>(
              List.of(
                  version == HttpClient.Version.HTTP_2 ? "--http2-prior-knowledge" : "--http1.1",
                  "-X",
                  method));
      if (host != null) {
        args.addAll(List.of("-H", "Host: " + host));
      }
      if (tenant != null) {
        args.addAll(List.of("-H", "X-Tenant: " + tenant));
      }
      args.addAll(List.of("-w", "\n%{http_code}", proxy.uri(path).toString()));
      Clients.Curl c = Clients.curl(args.toArray(new String[0]));
      assertThat(c.exitCode()).as(c.stderr()).isZero();
      if (expected.equals("404")) {
        assertThat(c.stdout()).as(version.toString()).endsWith("\n404").contains("no route");
      } else {
        assertThat(c.stdout()).as(version.toString()).contains(expected);
      }
    }
  }

  @Test
  void directResponseNeverReachesTheUpstream() throws Exception {
    HttpResponse<String> res = Clients.get(Clients.http1(), proxy.uri("/_internal/admin"));
    assertThat(res.statusCode()).isEqualTo(403);
    assertThat(res.body()).isEqualTo("denied at the edge\n");
    assertThat(origin.findAll(getRequestedFor(urlEqualTo("/_internal/admin")))).isEmpty();
  }

  @Test
  void hopByHopHeadersAreRemovedAndForwardingHeadersOverwritten() throws Exception {
    String response =
        Clients.raw(
            proxy.port(),
            "GET /o/hygiene HTTP/1.1\r\n"
                + "Host: edge.example.test\r\n"
                + "Connection: X-Hop, close\r\n"
                + "X-Hop: secret\r\n"
                + "Keep-Alive: timeout=5\r\n"
                + "Proxy-Connection: keep-alive\r\n"
                + "TE: trailers, deflate\r\n"
                + "Upgrade: h3\r\n"
                + "X-Forwarded-For: 203.0.113.66\r\n"
                + "X-Forwarded-Proto: https\r\n"
                + "X-Forwarded-Host: evil.example\r\n"
                + "Via: 1.0 client-side-proxy\r\n"
                + "X-End-To-End: kept\r\n"
                + "\r\n");
    assertThat(response).startsWith("HTTP/1.1 200").contains("from origin");
    assertThat(response.toLowerCase()).contains("via: 1.1 mcp-edge");

    LoggedRequest seen = origin.findAll(getRequestedFor(urlEqualTo("/o/hygiene"))).get(0);
    assertThat(seen.containsHeader("X-Hop")).isFalse();
    assertThat(seen.containsHeader("Keep-Alive")).isFalse();
    assertThat(seen.containsHeader("Proxy-Connection")).isFalse();
    assertThat(seen.containsHeader("Upgrade")).isFalse();
    assertThat(seen.getHeader("TE")).isEqualTo("trailers");
    assertThat(seen.getHeader("X-Forwarded-For")).isEqualTo("127.0.0.1");
    assertThat(seen.getHeader("X-Forwarded-Proto")).isEqualTo("http");
    assertThat(seen.getHeader("X-Forwarded-Host")).isEqualTo("edge.example.test");
    assertThat(seen.getHeader("Host")).isEqualTo("edge.example.test");
    assertThat(seen.getHeaders().getHeader("Via").values())
        .containsExactly("1.0 client-side-proxy", "1.1 mcp-edge");
    assertThat(seen.getHeader("X-End-To-End")).isEqualTo("kept");
  }

  @Test
  void http2ClientsGetTheirAuthorityForwardedAsHost() throws Exception {
    HttpClient h2 = Clients.http2();
    Clients.get(h2, proxy.uri("/o/warmup")); // the upgrade request itself
    HttpResponse<String> res =
        h2.send(
            HttpRequest.newBuilder(proxy.uri("/o/authority"))
                .header("X-Forwarded-For", "198.51.100.7")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(res.version()).isEqualTo(HttpClient.Version.HTTP_2);
    LoggedRequest seen = origin.findAll(getRequestedFor(urlEqualTo("/o/authority"))).get(0);
    assertThat(seen.getHeader("Host")).isEqualTo("127.0.0.1:" + proxy.port());
    assertThat(seen.getHeader("X-Forwarded-For")).isEqualTo("127.0.0.1");
    assertThat(seen.getHeaders().getHeader("Via").values()).containsExactly("2 mcp-edge");
    assertThat(seen.getAllHeaderKeys()).noneMatch(k -> k.toLowerCase().startsWith("x-http2-"));
  }
}
