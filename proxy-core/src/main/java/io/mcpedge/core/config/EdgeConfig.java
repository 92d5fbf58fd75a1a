package io.mcpedge.core.config;

import java.util.List;

/**
 * The whole validated configuration of one proxy process: the root of {@code edge.yaml}.
 *
 * <p>Instances are immutable and only ever built by {@link ConfigLoader}, which has checked every
 * cross-reference (each route names a declared upstream, names are unique). Components receive the
 * part they need through their constructors; nothing looks configuration up by string at request
 * time.
 */
public record EdgeConfig(
    List<ListenerConfig> listeners,
    AdminConfig admin,
    ServerConfig server,
    CacheConfig cache,
    List<UpstreamConfig> upstreams,
    List<RouteConfig> routes,
    ObservabilityConfig observability,
    RedisConfig redis) {

  public EdgeConfig {
    listeners = List.copyOf(listeners);
    upstreams = List.copyOf(upstreams);
    routes = List.copyOf(routes);
  }

  /** A config with every {@code observability} default (metrics on). */
  public EdgeConfig(
      List<ListenerConfig> listeners,
      AdminConfig admin,
      ServerConfig server,
      CacheConfig cache,
      List<UpstreamConfig> upstreams,
      List<RouteConfig> routes) {
    this(listeners, admin, server, cache, upstreams, routes, ObservabilityConfig.DEFAULT);
  }

  /** A config without a shared Redis: every replica stands alone. */
  public EdgeConfig(
      List<ListenerConfig> listeners,
      AdminConfig admin,
      ServerConfig server,
      CacheConfig cache,
      List<UpstreamConfig> upstreams,
      List<RouteConfig> routes,
      ObservabilityConfig observability) {
    this(listeners, admin, server, cache, upstreams, routes, observability, null);
  }

  /** This config with {@code redis} as its shared Redis ({@code null} for none). */
  public EdgeConfig withRedis(RedisConfig redis) {
    return new EdgeConfig(listeners, admin, server, cache, upstreams, routes, observability, redis);
  }

  /** The upstream with this name; the loader guarantees every route's upstream exists. */
  public UpstreamConfig upstream(String name) {
    for (UpstreamConfig u : upstreams) {
      if (u.name().equals(name)) {
        return u;
      }
    }
    throw new IllegalArgumentException("unknown upstream: " + name);
  }
}
