package io.mcpedge.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Temporary stand-in with the agreed API, so that Main compiles before the real loader is merged.
 * It only builds the default config from EDGE_UPSTREAM / EDGE_LISTEN / EDGE_ADMIN and refuses every
 * file. Drop this file (and ConfigException) when proxy-core's loader arrives.
 */
public final class ConfigLoader {

  private ConfigLoader() {}

  public static EdgeConfig load(Path file, Map<String, String> env) throws ConfigException {
    throw new ConfigException(List.of(file + ": cannot be read by the temporary config stand-in"));
  }

  public static EdgeConfig loadDefault(Map<String, String> env) throws ConfigException {
    String up = env.getOrDefault("EDGE_UPSTREAM", "http://127.0.0.1:4444");
    String hostPort = up.substring(up.indexOf("://") + 3);
    int colon = hostPort.lastIndexOf(':');
    EndpointAddress ep =
        new EndpointAddress(
            "http", hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    UpstreamConfig gateway =
        new UpstreamConfig(
            "gateway",
            List.of(ep),
            UpstreamProtocol.HTTP1,
            Duration.ofSeconds(5),
            Duration.ofSeconds(30),
            new PoolConfig(1024, 64, Duration.ofSeconds(60), 4),
            new LoadBalancerConfig(LoadBalancerPolicy.ROUND_ROBIN, "Authorization"),
            new CircuitBreakerConfig(4096, 4096, 4096, null),
            null,
            null);
    return new EdgeConfig(
        List.of(
            new ListenerConfig("http", hostPort(env.getOrDefault("EDGE_LISTEN", "0.0.0.0:8080")))),
        new AdminConfig(hostPort(env.getOrDefault("EDGE_ADMIN", "0.0.0.0:9901")), null),
        new ServerConfig(
            0,
            Duration.ofSeconds(30),
            8192,
            ByteSize.ofBytes(64 * 1024),
            ByteSize.ofBytes(64 * 1024),
            Duration.ofSeconds(60)),
        new CacheConfig(
            ByteSize.ofBytes(1 << 30),
            ByteSize.ofBytes(1 << 20),
            "Authorization",
            List.of("jwt_token", "access_token"),
            Duration.ofSeconds(5),
            Duration.ofSeconds(30)),
        List.of(gateway),
        List.of(
            route("health", MatchType.EXACT, "/health", Duration.ofSeconds(5)),
            route("default", MatchType.PATH_PREFIX, "/", Duration.ofSeconds(60))));
  }

  public static String defaultConfigText() {
    return "listeners:\n  - name: http\n    address: ${EDGE_LISTEN:-0.0.0.0:8080}\n"
        + "admin:\n  address: ${EDGE_ADMIN:-0.0.0.0:9901}\n"
        + "upstreams:\n  - name: gateway\n    endpoints: [\"${EDGE_UPSTREAM:-http://127.0.0.1:4444}\"]\n"
        + "routes:\n  - name: default\n    match: { path: { type: PathPrefix, value: / } }\n"
        + "    upstream: gateway\n";
  }

  private static RouteConfig route(String name, MatchType type, String path, Duration timeout) {
    return new RouteConfig(
        name,
        new RouteMatch(new PathMatch(type, path), Set.of(), List.of(), List.of()),
        "gateway",
        new TimeoutsConfig(timeout, null),
        RouteCacheConfig.OFF,
        null,
        null,
        StreamConfig.NONE,
        null);
  }

  private static HostPort hostPort(String s) {
    int colon = s.lastIndexOf(':');
    return new HostPort(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1)));
  }
}
