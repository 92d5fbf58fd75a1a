package io.mcpedge.server.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.api.StatefulRedisConnection;
import io.mcpedge.core.config.ConfigLoader;
import io.mcpedge.core.config.EdgeConfig;
import io.mcpedge.server.EdgeServer;
import io.mcpedge.server.channel.Transport;
import io.mcpedge.server.testsupport.ManualTicker;
import io.mcpedge.server.testsupport.RedisServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code redis} section against a real {@code redis-server}: the proxy's one client
 * authenticates with the password from the environment or a file, starts while Redis is down and
 * connects when it comes up, reconnects after a restart, and is closed with the proxy.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SharedRedisIT {

  private static final Duration WAIT = Duration.ofSeconds(15);

  private static EdgeServer edge(String redisSection, Map<String, String> env) throws Exception {
    String yaml =
        """
        listeners: [{ name: http, address: "127.0.0.1:0" }]
        admin: { address: "127.0.0.1:0" }
        server: { ioThreads: 1 }
        routes: [{ name: default, directResponse: { status: 204 } }]
        """
            + redisSection;
    EdgeConfig config = ConfigLoader.parse(yaml, "test.yaml", env);
    EdgeServer server = new EdgeServer(config, Transport.select(true), new ManualTicker());
    server.start();
    return server;
  }

  /** PING over the shared connection; false when Redis does not answer (a rejected command). */
  private static boolean pings(SharedRedis redis) {
    StatefulRedisConnection<byte[], byte[]> c = redis.connectionNow();
    if (c == null) {
      return false;
    }
    try {
      return "PONG".equals(c.async().ping().get(2, TimeUnit.SECONDS));
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void passwordFromTheEnvironmentAndKeyPrefix() throws Exception {
    try (RedisServer redis = RedisServer.startWithPassword("s3cret");
        EdgeServer server =
            edge(
                "redis: { address: \"%s\", password: { env: REDIS_PASSWORD }, keyPrefix: \"t1:\" }\n"
                    .formatted(redis.uri()),
                Map.of("REDIS_PASSWORD", "s3cret"))) {
      SharedRedis shared = server.redis();
      await().atMost(WAIT).until(() -> pings(shared));
      StatefulRedisConnection<byte[], byte[]> c = shared.connectionNow();
      c.async()
          .set((shared.keyPrefix() + "k").getBytes(StandardCharsets.UTF_8), new byte[] {'v'})
          .get(2, TimeUnit.SECONDS);
      assertThat(redis.command("GET", "t1:k")).isEqualTo("v");
    }
  }

  @Test
  void passwordFromAFile(@TempDir Path dir) throws Exception {
    Path secret = Files.writeString(dir.resolve("password"), "from-file\n");
    try (RedisServer redis = RedisServer.startWithPassword("from-file");
        EdgeServer server =
            edge(
                "redis: { address: \"%s\", password: { file: \"%s\" } }\n"
                    .formatted(redis.uri(), secret),
                Map.of())) {
      await().atMost(WAIT).until(() -> pings(server.redis()));
    }
  }

  @Test
  void startsWhileRedisIsDownAndReconnectsAfterARestart() throws Exception {
    try (RedisServer redis = RedisServer.start()) {
      redis.stop();
      try (EdgeServer server =
          edge("redis: { address: \"%s\" }\n".formatted(redis.uri()), Map.of())) {
        assertThat(server.state().isReady()).isTrue();
        assertThat(pings(server.redis())).isFalse();
        redis.restart();
        await().atMost(WAIT).until(() -> pings(server.redis()));
        redis.stop();
        assertThat(pings(server.redis())).isFalse();
        redis.restart();
        await().atMost(WAIT).until(() -> pings(server.redis()));
      }
    }
  }

  @Test
  void closingTheProxyClosesItsRedisConnections() throws Exception {
    try (RedisServer redis = RedisServer.start()) {
      EdgeServer server = edge("redis: { address: \"%s\" }\n".formatted(redis.uri()), Map.of());
      SharedRedis shared = server.redis();
      await().atMost(WAIT).until(() -> pings(shared));
      var pubSub = shared.client().connectPubSub();
      // The shared connection, the invalidation channel's subscription and this one.
      await().atMost(WAIT).until(() -> redis.clients() == 3);
      server.close();
      assertThat(shared.connectionNow().isOpen()).isFalse();
      assertThat(pubSub.isOpen()).isFalse();
      await().atMost(WAIT).until(() -> redis.clients() == 0);
    }
  }

  @Test
  void withoutTheSectionThereIsNoClient() throws Exception {
    try (EdgeServer server = edge("", Map.of())) {
      assertThat(server.redis()).isNull();
    }
  }
}
