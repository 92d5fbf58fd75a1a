package io.mcpedge.server;

import io.mcpedge.core.config.AdminConfig;
import io.mcpedge.core.config.ByteSize;
import io.mcpedge.core.config.CacheConfig;
import io.mcpedge.core.config.CircuitBreakerConfig;
import io.mcpedge.core.config.DirectResponseConfig;
import io.mcpedge.core.config.EdgeConfig;
import io.mcpedge.core.config.EndpointAddress;
import io.mcpedge.core.config.HeaderMatch;
import io.mcpedge.core.config.HostPort;
import io.mcpedge.core.config.ListenerConfig;
import io.mcpedge.core.config.LoadBalancerConfig;
import io.mcpedge.core.config.LoadBalancerPolicy;
import io.mcpedge.core.config.MatchType;
import io.mcpedge.core.config.PathMatch;
import io.mcpedge.core.config.PoolConfig;
import io.mcpedge.core.config.RouteCacheConfig;
import io.mcpedge.core.config.RouteConfig;
import io.mcpedge.core.config.RouteMatch;
import io.mcpedge.core.config.ServerConfig;
import io.mcpedge.core.config.StreamConfig;
import io.mcpedge.core.config.TimeoutsConfig;
import io.mcpedge.core.config.UpstreamConfig;
import io.mcpedge.core.config.UpstreamProtocol;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Builds config records for tests, everything on loopback and ephemeral ports. */
public final class TestConfigs {

  private TestConfigs() {}

  public static ServerConfig server() {
    return server(Duration.ofSeconds(5));
  }

  public static ServerConfig server(Duration drainTimeout) {
    return new ServerConfig(
        1,
        drainTimeout,
        4096,
        ByteSize.ofBytes(8192),
        ByteSize.ofBytes(64 * 1024),
        Duration.ofSeconds(10));
  }

  public static EdgeConfig config(List<UpstreamConfig> upstreams, List<RouteConfig> routes) {
    return config(server(), upstreams, routes);
  }

  public static EdgeConfig config(
      ServerConfig server, List<UpstreamConfig> upstreams, List<RouteConfig> routes) {
    return new EdgeConfig(
        List.of(new ListenerConfig("http", new HostPort("127.0.0.1", 0))),
        new AdminConfig(new HostPort("127.0.0.1", 0), null),
        server,
        new CacheConfig(
            ByteSize.ofBytes(1 << 20),
            ByteSize.ofBytes(1 << 16),
            "Authorization",
            List.of(),
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            ByteSize.ofBytes(8L << 20)),
        upstreams,
        routes);
  }

  public static UpstreamConfig upstream(
      String name, UpstreamProtocol protocol, String host, int port) {
    return upstream(name, protocol, List.of(new EndpointAddress("http", host, port)), 4);
  }

  public static UpstreamConfig upstream(
      String name, UpstreamProtocol protocol, List<EndpointAddress> endpoints, int maxH2) {
    return new UpstreamConfig(
        name,
        endpoints,
        protocol,
        Duration.ofSeconds(2),
        Duration.ofSeconds(30),
        new PoolConfig(64, 16, Duration.ofSeconds(30), maxH2),
        new LoadBalancerConfig(LoadBalancerPolicy.ROUND_ROBIN, "Authorization"),
        new CircuitBreakerConfig(4096, 4096, 4096, null),
        null,
        null);
  }

  public static RouteConfig route(String name, MatchType type, String path, String upstream) {
    return route(
        name, match(type, path), upstream, new TimeoutsConfig(Duration.ofSeconds(20), null));
  }

  public static RouteConfig route(
      String name, RouteMatch match, String upstream, TimeoutsConfig timeouts) {
    return new RouteConfig(
        name, match, upstream, timeouts, RouteCacheConfig.OFF, null, null, StreamConfig.NONE, null);
  }

  public static RouteConfig direct(String name, String path, int status, String body) {
    return new RouteConfig(
        name,
        match(MatchType.PATH_PREFIX, path),
        null,
        new TimeoutsConfig(Duration.ofSeconds(5), null),
        RouteCacheConfig.OFF,
        null,
        null,
        StreamConfig.NONE,
        new DirectResponseConfig(status, body));
  }

  public static RouteMatch match(MatchType type, String path) {
    return new RouteMatch(new PathMatch(type, path), Set.of(), List.of(), List.of());
  }

  public static RouteMatch match(
      MatchType type,
      String path,
      Set<String> methods,
      List<HeaderMatch> headers,
      List<String> hostnames) {
    return new RouteMatch(new PathMatch(type, path), methods, headers, hostnames);
  }
}
