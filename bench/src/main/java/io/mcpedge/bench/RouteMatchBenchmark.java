package io.mcpedge.bench;

import io.mcpedge.core.config.CacheMode;
import io.mcpedge.core.config.CacheScope;
import io.mcpedge.core.config.DirectResponseConfig;
import io.mcpedge.core.config.MatchType;
import io.mcpedge.core.config.PathMatch;
import io.mcpedge.core.config.RateLimitConfig;
import io.mcpedge.core.config.RateLimitKey;
import io.mcpedge.core.config.RouteCacheConfig;
import io.mcpedge.core.config.RouteConfig;
import io.mcpedge.core.config.RouteMatch;
import io.mcpedge.core.config.StreamConfig;
import io.mcpedge.core.config.TimeoutsConfig;
import io.mcpedge.core.route.RequestHead;
import io.mcpedge.core.route.Route;
import io.mcpedge.core.route.RouteTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of choosing a route for one request against the default ContextForge route table: the
 * first-match walk runs once per request on the event loop, so its cost is paid by every request,
 * cached or not. The paths cover an early exact hit, the regular-expression routes in the middle of
 * the table and the catch-all at its end.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RouteMatchBenchmark {

  @Param({
    "/health",
    "/servers/4f2a9c/sse",
    "/v1/tools",
    "/static/js/app.js",
    "/rpc",
  })
  public String path;

  private RouteTable table;
  private RequestHead request;

  @Setup(Level.Trial)
  public void setUp() {
    table = RouteTable.compile(contextForgeRoutes());
    request = new Head("GET", path, "gateway.example.com", "Bearer bench-token");
    if (table.match(request) == null) {
      throw new IllegalStateException("no route for " + path + " (expected: the catch-all)");
    }
  }

  @Benchmark
  public Route match() {
    return table.match(request);
  }

  /** The route table the chart renders by default for the gateway, in its order. */
  static List<RouteConfig> contextForgeRoutes() {
    Duration hour = Duration.ofSeconds(3600);
    StreamConfig sse = new StreamConfig(Duration.ofSeconds(30));
    List<RouteConfig> routes = new ArrayList<>();
    routes.add(
        new RouteConfig(
            "internal-deny",
            path(MatchType.PATH_PREFIX, "/_internal"),
            null,
            timeouts(Duration.ofSeconds(5)),
            RouteCacheConfig.OFF,
            null,
            null,
            StreamConfig.NONE,
            new DirectResponseConfig(403, "forbidden\n")));
    routes.add(plain("health", path(MatchType.EXACT, "/health"), Duration.ofSeconds(5)));
    routes.add(plain("ready", path(MatchType.EXACT, "/ready"), Duration.ofSeconds(5)));
    routes.add(stream("mcp", path(MatchType.PATH_PREFIX, "/mcp"), hour, sse));
    routes.add(
        stream(
            "server-mcp", path(MatchType.REGULAR_EXPRESSION, "^/servers/[^/]+/mcp/?$"), hour, sse));
    routes.add(stream("sse", path(MatchType.EXACT, "/sse"), hour, sse));
    routes.add(
        stream(
            "server-sse", path(MatchType.REGULAR_EXPRESSION, "^/servers/[^/]+/sse$"), hour, sse));
    routes.add(stream("message", path(MatchType.EXACT, "/message"), hour, StreamConfig.NONE));
    routes.add(
        stream(
            "server-message",
            path(MatchType.REGULAR_EXPRESSION, "^/servers/[^/]+/message$"),
            hour,
            StreamConfig.NONE));
    routes.add(stream("ws", path(MatchType.EXACT, "/ws"), hour, StreamConfig.NONE));
    routes.add(
        stream(
            "server-ws",
            path(MatchType.REGULAR_EXPRESSION, "^/servers/[^/]+/ws$"),
            hour,
            StreamConfig.NONE));
    routes.add(stream("admin-events", path(MatchType.EXACT, "/admin/events"), hour, sse));
    routes.add(plain("admin", path(MatchType.PATH_PREFIX, "/admin"), Duration.ofSeconds(60)));
    routes.add(
        cached(
            "static",
            path(MatchType.PATH_PREFIX, "/static"),
            new RouteCacheConfig(
                CacheMode.OVERRIDE,
                Duration.ofDays(30),
                CacheScope.PUBLIC,
                Duration.ZERO,
                Duration.ZERO,
                Duration.ZERO,
                false)));
    routes.add(
        cached(
            "well-known",
            path(MatchType.PATH_PREFIX, "/.well-known"),
            new RouteCacheConfig(
                CacheMode.RFC9111,
                Duration.ZERO,
                CacheScope.SHARED,
                Duration.ZERO,
                Duration.ZERO,
                Duration.ZERO,
                false)));
    routes.add(
        cached(
            "api-read",
            path(
                MatchType.REGULAR_EXPRESSION,
                "^/(v1/)?(tools|servers|gateways|resources|prompts|tags|roots|version)$"),
            new RouteCacheConfig(
                CacheMode.OVERRIDE,
                Duration.ofMinutes(5),
                CacheScope.PER_CREDENTIAL,
                Duration.ZERO,
                Duration.ZERO,
                Duration.ZERO,
                false)));
    routes.add(
        new RouteConfig(
            "default",
            path(MatchType.PATH_PREFIX, "/"),
            "gateway",
            timeouts(Duration.ofSeconds(60)),
            RouteCacheConfig.OFF,
            new RateLimitConfig(3000, 3000, RateLimitKey.ROUTE, null),
            null,
            StreamConfig.NONE,
            null));
    return routes;
  }

  private static RouteMatch path(MatchType type, String value) {
    return new RouteMatch(new PathMatch(type, value), Set.of(), List.of(), List.of());
  }

  private static TimeoutsConfig timeouts(Duration request) {
    return new TimeoutsConfig(request, null);
  }

  private static RouteConfig plain(String name, RouteMatch match, Duration timeout) {
    return new RouteConfig(
        name,
        match,
        "gateway",
        timeouts(timeout),
        RouteCacheConfig.OFF,
        null,
        null,
        StreamConfig.NONE,
        null);
  }

  private static RouteConfig stream(
      String name, RouteMatch match, Duration timeout, StreamConfig stream) {
    return new RouteConfig(
        name, match, "gateway", timeouts(timeout), RouteCacheConfig.OFF, null, null, stream, null);
  }

  private static RouteConfig cached(String name, RouteMatch match, RouteCacheConfig cache) {
    return new RouteConfig(
        name,
        match,
        "gateway",
        timeouts(Duration.ofSeconds(60)),
        cache,
        null,
        null,
        StreamConfig.NONE,
        null);
  }

  /** A fixed request head; routing reads only these four things. */
  private record Head(String method, String path, String host, String authorization)
      implements RequestHead {
    @Override
    public String header(String name) {
      return "authorization".equalsIgnoreCase(name) ? authorization : null;
    }
  }
}
