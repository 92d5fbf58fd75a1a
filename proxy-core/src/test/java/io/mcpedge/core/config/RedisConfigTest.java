package io.mcpedge.core.config;

import static io.mcpedge.core.config.ConfigLoaderTest.MINIMAL;
import static io.mcpedge.core.config.ConfigLoaderTest.parse;
import static io.mcpedge.core.config.ConfigLoaderTest.problems;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpedge.core.config.RedisConfig.RedisPassword;
import io.mcpedge.core.config.RedisConfig.SentinelConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The top-level {@code redis} section: absent means no shared Redis; one address or one Sentinel
 * set; the password from the environment or a file, never inline; mistakes name their path.
 */
class RedisConfigTest {

  private static RedisConfig redis(String yaml, Map<String, String> env) throws ConfigException {
    return ConfigLoader.parse(MINIMAL + yaml + "\n", "edge.yaml", env).redis();
  }

  @Test
  void absentMeansNone() throws ConfigException {
    assertThat(parse(MINIMAL).redis()).isNull();
  }

  @Test
  void addressWithDefaults() throws ConfigException {
    RedisConfig r = redis("redis: { address: 'redis://redis.mcp:6379' }", Map.of());
    assertThat(r).isEqualTo(RedisConfig.of(URI.create("redis://redis.mcp:6379")));
    assertThat(r.tls()).isFalse();
    assertThat(r.commandTimeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(r.keyPrefix()).isEqualTo("mcp-edge:");
  }

  @Test
  void everyKeyWithPasswordFromTheEnvironment() throws ConfigException {
    RedisConfig r =
        redis(
            """
            redis:
              address: rediss://redis.mcp:6380
              database: 3
              username: edge
              password: { env: REDIS_PASSWORD }
              connectTimeout: 1s
              commandTimeout: 50ms
              keyPrefix: "edge-eu:"
            """,
            Map.of("REDIS_PASSWORD", "s3cret"));
    assertThat(r)
        .isEqualTo(
            new RedisConfig(
                URI.create("rediss://redis.mcp:6380"),
                null,
                3,
                "edge",
                new RedisPassword("REDIS_PASSWORD", null, "s3cret"),
                Duration.ofSeconds(1),
                Duration.ofMillis(50),
                "edge-eu:"));
    assertThat(r.tls()).isTrue();
    assertThat(r.password().toString()).doesNotContain("s3cret");
  }

  @Test
  void sentinelSetAndPasswordFile(@TempDir Path dir) throws Exception {
    Path secret = Files.writeString(dir.resolve("password"), "s3cret\n");
    RedisConfig r =
        redis(
            """
            redis:
              sentinel:
                masterName: mymaster
                nodes: ["sentinel-0:26379", "sentinel-1:26379"]
              password: { file: "%s" }
            """
                .formatted(secret),
            Map.of());
    assertThat(r.sentinel())
        .isEqualTo(
            new SentinelConfig(
                "mymaster",
                List.of(new HostPort("sentinel-0", 26379), new HostPort("sentinel-1", 26379))));
    assertThat(r.address()).isNull();
    assertThat(r.password()).isEqualTo(new RedisPassword(null, secret.toString(), null));
  }

  @Test
  void sentinelsWithAPasswordOfTheirOwn() throws Exception {
    RedisConfig r =
        redis(
            """
            redis:
              sentinel:
                masterName: mymaster
                nodes: ["sentinel-0:26379"]
                password: { env: SENTINEL_PASSWORD }
              password: { env: REDIS_PASSWORD }
            """,
            Map.of("SENTINEL_PASSWORD", "sp", "REDIS_PASSWORD", "rp"));
    assertThat(r.sentinel().password())
        .isEqualTo(new RedisPassword("SENTINEL_PASSWORD", null, "sp"));
    assertThat(r.password()).isEqualTo(new RedisPassword("REDIS_PASSWORD", null, "rp"));
  }

  @Test
  void aCaFileForRediss(@TempDir Path dir) throws Exception {
    Path ca = Files.writeString(dir.resolve("ca.crt"), "-----BEGIN CERTIFICATE-----\n");
    RedisConfig r =
        redis(
            "redis: { address: 'rediss://redis.mcp:6380', tls: { caFile: \"%s\" } }".formatted(ca),
            Map.of());
    assertThat(r.caFile()).isEqualTo(ca.toString());
    assertThat(redis("redis: { address: 'rediss://redis.mcp:6380' }", Map.of()).caFile()).isNull();
  }

  static Stream<Arguments> mistakes() {
    return Stream.of(
        Arguments.of(
            "redis: { address: 'http://redis:6379' }",
            "edge.yaml: redis.address: \"http://redis:6379\" (expected: redis://host:port or"
                + " rediss://host:port, without user, password, path or query)"),
        Arguments.of(
            "redis: { address: 'redis://:hunter2@redis:6379' }",
            "edge.yaml: redis.address: a user or password in the address (expected: username,"
                + " and password.env or password.file)"),
        Arguments.of(
            "redis: { address: 'redis://redis:6379/2' }",
            "edge.yaml: redis.address: \"redis://redis:6379/2\" (expected: redis://host:port or"
                + " rediss://host:port, without user, password, path or query)"),
        Arguments.of(
            "redis: { database: 1 }",
            "edge.yaml: redis: neither address nor sentinel (expected: exactly one of them)"),
        Arguments.of(
            "redis: { address: 'redis://r:1', sentinel: { masterName: m, nodes: ['s:1'] } }",
            "edge.yaml: redis: both address and sentinel (expected: exactly one of them)"),
        Arguments.of(
            "redis: { address: 'redis://r:1', password: hunter2 }",
            "edge.yaml: redis.password: an inline password (expected: {env: VARIABLE} or {file:"
                + " /path/to/secret}, never the password itself)"),
        Arguments.of(
            "redis: { address: 'redis://r:1', password: { env: NOPE } }",
            "edge.yaml: redis.password.env: \"NOPE\" is not set (expected: a variable holding"
                + " the password)"),
        Arguments.of(
            "redis: { address: 'redis://r:1', password: { env: A, file: /b } }",
            "edge.yaml: redis.password: a mapping (expected: exactly one of [env, file])"),
        Arguments.of(
            "redis: { address: 'redis://r:1', password: { file: /no/such/file } }",
            "edge.yaml: redis.password.file: \"/no/such/file\" (expected: a readable file"
                + " holding the password)"),
        Arguments.of(
            "redis: { address: 'redis://r:1', commandTimeout: 0s }",
            "edge.yaml: redis.commandTimeout: 0s (expected: a positive duration)"),
        Arguments.of(
            "redis: { address: 'redis://r:1', database: -1 }",
            "edge.yaml: redis.database: -1 (expected: >= 0)"),
        Arguments.of(
            "redis: { address: 'redis://r:1', keyPrefix: 'a b' }",
            "edge.yaml: redis.keyPrefix: \"a b\" (expected: no spaces or control characters)"),
        Arguments.of(
            "redis: { sentinel: { masterName: m, nodes: ['nohost'] } }",
            "edge.yaml: redis.sentinel.nodes[0]: \"nohost\" (expected: "
                + HostPort.EXPECTATION
                + ")"),
        Arguments.of(
            "redis: { sentinel: { masterName: m, nodes: ['s:1'], password: hunter2 } }",
            "edge.yaml: redis.sentinel.password: an inline password (expected: {env: VARIABLE} or"
                + " {file: /path/to/secret}, never the password itself)"),
        Arguments.of(
            "redis: { sentinel: { masterName: m, nodes: ['s:1'], password: { env: NOPE } } }",
            "edge.yaml: redis.sentinel.password.env: \"NOPE\" is not set (expected: a variable"
                + " holding the password)"),
        Arguments.of(
            "redis: { sentinel: { nodes: ['s:1'] } }",
            "edge.yaml: redis.sentinel.masterName: missing (expected: a string)"),
        Arguments.of(
            "redis: { address: 'redis://r:1', tls: { caFile: /etc/hosts } }",
            "edge.yaml: redis.tls: set without a rediss:// address (expected: tls only with"
                + " rediss://)"),
        Arguments.of(
            "redis: { address: 'rediss://r:1', tls: { caFile: /no/such/ca.crt } }",
            "edge.yaml: redis.tls.caFile: \"/no/such/ca.crt\" (expected: a readable PEM file of"
                + " CA certificates)"),
        Arguments.of(
            "redis: { address: 'rediss://r:1', tls: { cafile: /etc/hosts } }",
            "edge.yaml: redis.tls.cafile: unknown key (expected: one of "
                + RedisSection.TLS_KEYS
                + ")"),
        Arguments.of(
            "redis: { address: 'redis://r:1', pasword: { env: X } }",
            "edge.yaml: redis.pasword: unknown key (expected: one of " + RedisSection.KEYS + ")"));
  }

  @ParameterizedTest
  @MethodSource("mistakes")
  void mistakesNameTheirPath(String yaml, String problem) {
    assertThat(problems(MINIMAL + yaml + "\n", Map.of("A", "x"))).contains(problem);
  }
}
