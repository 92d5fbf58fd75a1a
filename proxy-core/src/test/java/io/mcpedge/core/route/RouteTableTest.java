package io.mcpedge.core.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpedge.core.config.ConfigException;
import io.mcpedge.core.config.ConfigLoader;
import io.mcpedge.core.config.HeaderMatch;
import io.mcpedge.core.config.MatchType;
import io.mcpedge.core.config.PathMatch;
import io.mcpedge.core.config.RouteCacheConfig;
import io.mcpedge.core.config.RouteConfig;
import io.mcpedge.core.config.RouteMatch;
import io.mcpedge.core.config.StreamConfig;
import io.mcpedge.core.config.TimeoutsConfig;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteTableTest {

  record Req(String method, String path, String host, Map<String, String> headers)
      implements RequestHead {
    static Req get(String path) {
      return new Req("GET", path, "", Map.of());
    }

    @Override
    public String header(String name) {
      for (Map.Entry<String, String> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue();
        }
      }
      return null;
    }
  }

  static RouteConfig route(String name, RouteMatch match) {
    return new RouteConfig(
        name,
        match,
        "gateway",
        new TimeoutsConfig(Duration.ofSeconds(60), null),
        RouteCacheConfig.OFF,
        null,
        null,
        StreamConfig.NONE,
        null);
  }

  static RouteMatch path(MatchType type, String value) {
    return new RouteMatch(new PathMatch(type, value), Set.of(), List.of(), List.of());
  }

  static String matched(RouteTable table, RequestHead req) {
    Route r = table.match(req);
    return r == null ? "none" : r.name();
  }

  @ParameterizedTest
  @CsvSource({
    "EXACT, /mcp, /mcp, true",
    "EXACT, /mcp, /mcp/, false",
    "EXACT, /mcp/, /mcp/, true",
    "EXACT, /mcp/, /mcp, false",
    "EXACT, /health, /healthz, false",
    "EXACT, /, /, true",
    "PATH_PREFIX, /, /anything/at/all, true",
    "PATH_PREFIX, /admin, /admin, true",
    "PATH_PREFIX, /admin, /admin/, true",
    "PATH_PREFIX, /admin, /admin/tools, true",
    "PATH_PREFIX, /admin, /administrator, false",
    "PATH_PREFIX, /admin/, /admin, true",
    "PATH_PREFIX, /admin/, /admin/x, true",
    "PATH_PREFIX, /admin/, /adminx, false",
    "PATH_PREFIX, /a/b, /a, false",
    "REGULAR_EXPRESSION, ^/servers/[^/]+/sse$, /servers/abc/sse, true",
    "REGULAR_EXPRESSION, ^/servers/[^/]+/sse$, /servers/a/b/sse, false",
    "REGULAR_EXPRESSION, ^/servers/[^/]+/sse$, /servers/abc/sse/x, false",
    "REGULAR_EXPRESSION, \\.css$, /static/app.css, true",
    "REGULAR_EXPRESSION, \\.css$, /static/app.css.map, false",
    "REGULAR_EXPRESSION, tools, /v1/tools/x, true"
  })
  void matchesPathsAsGatewayApiDoes(MatchType type, String value, String path, boolean matches) {
    RouteTable table = RouteTable.compile(List.of(route("r", path(type, value))));
    assertThat(table.match(Req.get(path)) != null).isEqualTo(matches);
  }

  @Test
  void firstMatchWins() {
    RouteTable table =
        RouteTable.compile(
            List.of(
                route("exact", path(MatchType.EXACT, "/admin/events")),
                route("prefix", path(MatchType.PATH_PREFIX, "/admin")),
                route("all", path(MatchType.PATH_PREFIX, "/"))));
    assertThat(matched(table, Req.get("/admin/events"))).isEqualTo("exact");
    assertThat(matched(table, Req.get("/admin/events/x"))).isEqualTo("prefix");
    assertThat(matched(table, Req.get("/other"))).isEqualTo("all");
    assertThat(table.match(Req.get("/admin")).index()).isEqualTo(1);
    assertThat(table.routes()).extracting(Route::name).containsExactly("exact", "prefix", "all");
  }

  @Test
  void noMatchGivesNull() {
    RouteTable table = RouteTable.compile(List.of(route("r", path(MatchType.EXACT, "/a"))));
    assertThat(table.match(Req.get("/b"))).isNull();
  }

  @ParameterizedTest
  @CsvSource({"GET, true", "HEAD, true", "POST, false", "get, false"})
  void matchesMethods(String method, boolean matches) {
    RouteMatch m =
        new RouteMatch(
            new PathMatch(MatchType.PATH_PREFIX, "/"), Set.of("GET", "HEAD"), List.of(), List.of());
    RouteTable table = RouteTable.compile(List.of(route("r", m)));
    assertThat(table.match(new Req(method, "/x", "", Map.of())) != null).isEqualTo(matches);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "acme | application/json | true",
        "ACME | application/json | false",
        "acme | text/html | false",
        "acme | | false",
        " | application/json | false"
      })
  void matchesAllHeaders(String tenant, String accept, boolean matches) {
    RouteMatch m =
        new RouteMatch(
            new PathMatch(MatchType.PATH_PREFIX, "/"),
            Set.of(),
            List.of(
                new HeaderMatch("X-Tenant", MatchType.EXACT, "acme"),
                new HeaderMatch(
                    "accept", MatchType.REGULAR_EXPRESSION, "^application/(.+\\+)?json")),
            List.of());
    RouteTable table = RouteTable.compile(List.of(route("r", m)));
    Map<String, String> headers = new java.util.HashMap<>();
    if (tenant != null) {
      headers.put("x-tenant", tenant);
    }
    if (accept != null) {
      headers.put("Accept", accept);
    }
    assertThat(table.match(new Req("GET", "/", "", headers)) != null).isEqualTo(matches);
  }

  @ParameterizedTest
  @CsvSource({
    "api.example.com, true",
    "a.dev.example.com, true",
    "b.a.dev.example.com, true",
    "dev.example.com, false",
    "example.com, false",
    "xdev.example.com, false",
    "other.org, false",
    "'', false"
  })
  void matchesHostnamesWithWildcards(String host, boolean matches) {
    RouteMatch m =
        new RouteMatch(
            new PathMatch(MatchType.PATH_PREFIX, "/"),
            Set.of(),
            List.of(),
            List.of("API.example.com", "*.dev.example.com"));
    RouteTable table = RouteTable.compile(List.of(route("r", m)));
    assertThat(table.match(new Req("GET", "/", host.toLowerCase(Locale.ROOT), Map.of())) != null)
        .isEqualTo(matches);
  }

  /** Every ContextForge path of the upstream facts, through the built-in default route table. */
  @ParameterizedTest
  @CsvSource({
    "GET, /health, health",
    "GET, /ready, ready",
    "GET, /healthz, default",
    "POST, /_internal/auth, internal-denied",
    "POST, /_internal, internal-denied",
    "GET, /_internalx, default",
    "GET, /sse, sse",
    "GET, /servers/1f2e/sse, sse",
    "GET, /servers/a/b/sse, default",
    "POST, /mcp, mcp",
    "POST, /mcp/, mcp",
    "GET, /mcp, mcp",
    "DELETE, /mcp, mcp",
    "POST, /servers/1f2e/mcp, mcp",
    "GET, /ws, websocket",
    "GET, /servers/1f2e/ws, websocket",
    "GET, /admin/events, admin-events",
    "POST, /message, message",
    "POST, /servers/1f2e/message, message",
    "GET, /admin, admin",
    "POST, /admin/tools, tools-writes",
    "POST, /admin/servers/1f2e/delete, servers-writes",
    "GET, /admin/tools, admin",
    "DELETE, /servers/1f2e, servers-writes",
    "PUT, /v1/tools/7, tools-writes",
    "PATCH, /gateways/g, gateways-writes",
    "POST, /resources, resources-writes",
    "DELETE, /v1/prompts/p, prompts-writes",
    "POST, /toolsx, default",
    "GET, /admin/static/app.js, admin",
    "GET, /static/app.css, static-assets",
    "HEAD, /static/fonts/a.woff2, static-assets",
    "GET, /favicon.ico, static-assets",
    "POST, /static/app.js, default",
    "GET, /static/app.js.map, default",
    "GET, /servers/abc.js, default",
    "GET, /tools/logo.png, default",
    "GET, /static/.css, default",
    "GET, /.well-known/oauth-protected-resource, well-known",
    "GET, /tools, api-reads",
    "HEAD, /v1/tools, api-reads",
    "GET, /v1/servers, api-reads",
    "GET, /gateways, api-reads",
    "GET, /resources, api-reads",
    "GET, /prompts, api-reads",
    "GET, /version, api-reads",
    "POST, /tools, tools-writes",
    "GET, /tools/123, default",
    "GET, /v1/tools/, default",
    "GET, /v2/tools, default",
    "GET, /tags, default",
    "POST, /rpc, default",
    "GET, /, default"
  })
  void defaultConfigRoutesEveryGatewayPath(String method, String path, String route)
      throws ConfigException {
    RouteTable table = RouteTable.compile(ConfigLoader.loadDefault(Map.of()).routes());
    assertThat(matched(table, new Req(method, path, "mcp.example.com", Map.of()))).isEqualTo(route);
  }
}
