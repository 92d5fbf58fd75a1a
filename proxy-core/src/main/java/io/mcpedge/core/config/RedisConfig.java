package io.mcpedge.core.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The shared Redis the replicas of one deployment meet in: the {@code redis} section of edge.yaml.
 * Global rate limits and cross-replica invalidation use it; without the section every replica
 * stands alone, as before.
 *
 * <p>Exactly one of {@code address} and {@code sentinel} is set. The password never sits in the
 * file: it comes from an environment variable or a file (a mounted Kubernetes Secret), so that the
 * chart's ConfigMap holds no secret.
 *
 * @param address {@code redis://host:port} or {@code rediss://host:port} (TLS), or {@code null}
 *     when {@code sentinel} is set
 * @param sentinel the Sentinel set that names the current primary, or {@code null}
 * @param database the logical database number ({@code SELECT})
 * @param username the ACL user (Redis 6+), or {@code null} for the default user
 * @param password where the password comes from, or {@code null} for a Redis without AUTH
 * @param connectTimeout how long a connection attempt may take
 * @param commandTimeout how long one command may take before its caller gives up; short, since a
 *     request never waits for Redis longer than this
 * @param keyPrefix put before every key and channel the proxy uses, so that several deployments (or
 *     other programs) can share one Redis
 * @param caFile a PEM bundle a {@code rediss://} server's certificate is verified against instead
 *     of the JVM's trust store (a private CA, as in-cluster Redis usually has), or {@code null}
 */
public record RedisConfig(
    URI address,
    SentinelConfig sentinel,
    int database,
    String username,
    RedisPassword password,
    Duration connectTimeout,
    Duration commandTimeout,
    String keyPrefix,
    String caFile) {

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(250);
  public static final String DEFAULT_KEY_PREFIX = "mcp-edge:";

  public RedisConfig {
    if ((address == null) == (sentinel == null)) {
      throw new IllegalArgumentException(
          "address, sentinel: both or neither set (expected: exactly one)");
    }
    if (database < 0) {
      throw new IllegalArgumentException("database: " + database + " (expected: >= 0)");
    }
    if (connectTimeout.isNegative()
        || connectTimeout.isZero()
        || commandTimeout.isNegative()
        || commandTimeout.isZero()) {
      throw new IllegalArgumentException("timeouts: not positive (expected: positive durations)");
    }
    if (caFile != null && (address == null || !"rediss".equals(address.getScheme()))) {
      throw new IllegalArgumentException("tls.caFile: without TLS (expected: a rediss:// address)");
    }
  }

  /** Without a CA file: TLS, if any, trusts the JVM's trust store. */
  public RedisConfig(
      URI address,
      SentinelConfig sentinel,
      int database,
      String username,
      RedisPassword password,
      Duration connectTimeout,
      Duration commandTimeout,
      String keyPrefix) {
    this(
        address,
        sentinel,
        database,
        username,
        password,
        connectTimeout,
        commandTimeout,
        keyPrefix,
        null);
  }

  /** A plain {@code redis://} address with every other setting at its default (for tests). */
  public static RedisConfig of(URI address) {
    return new RedisConfig(
        address,
        null,
        0,
        null,
        null,
        DEFAULT_CONNECT_TIMEOUT,
        DEFAULT_COMMAND_TIMEOUT,
        DEFAULT_KEY_PREFIX);
  }

  /** True when connections use TLS: a {@code rediss://} address. */
  public boolean tls() {
    return address != null && "rediss".equals(address.getScheme());
  }

  /**
   * A Redis Sentinel set: the proxy asks the sentinels which server is the primary of {@code
   * masterName} and follows a failover.
   *
   * @param masterName the name the sentinels monitor the primary under
   * @param nodes the sentinels, {@code host:port}
   * @param password the sentinels' own password (their {@code requirepass}, which a Sentinel set
   *     deployed with authentication usually shares with the primary), or {@code null} when they
   *     are asked without {@code AUTH}
   */
  public record SentinelConfig(String masterName, List<HostPort> nodes, RedisPassword password) {

    public SentinelConfig {
      nodes = List.copyOf(nodes);
    }

    /** Sentinels asked without {@code AUTH}. */
    public SentinelConfig(String masterName, List<HostPort> nodes) {
      this(masterName, nodes, null);
    }
  }

  /**
   * Where the Redis password comes from: the environment or a file. The admin {@code /config} page
   * shows the variable or file name, never the password ({@code secret} is masked there).
   *
   * @param env the environment variable read when the config was loaded, or {@code null}
   * @param file the file read at every connection attempt (a rotated Secret is picked up on the
   *     next reconnect), or {@code null}
   * @param secret the variable's value; {@code null} with {@code file}
   */
  public record RedisPassword(String env, String file, String secret) {

    public RedisPassword {
      if ((env == null) == (file == null)) {
        throw new IllegalArgumentException(
            "password: env and file both or neither set (expected: exactly one)");
      }
    }

    @Override
    public String toString() {
      return env != null ? "RedisPassword[env=" + env + "]" : "RedisPassword[file=" + file + "]";
    }
  }
}
