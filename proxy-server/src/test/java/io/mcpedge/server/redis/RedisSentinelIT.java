package io.mcpedge.server.redis;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.lettuce.core.api.StatefulRedisConnection;
import io.mcpedge.core.config.ConfigLoader;
import io.mcpedge.core.config.EdgeConfig;
import io.mcpedge.server.EdgeServer;
import io.mcpedge.server.channel.Transport;
import io.mcpedge.server.testsupport.ManualTicker;
import io.mcpedge.server.testsupport.Origins;
import io.mcpedge.server.testsupport.RedisSentinel;
import io.mcpedge.server.testsupport.RedisServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code redis: { sentinel: ... }} against a real Redis Sentinel ({@code redis-server --sentinel})
 * that monitors a real primary on loopback. The proxy is given only the sentinel's address and the
 * master name, never the primary's: a {@code scope: global} limit counts in the primary the
 * sentinel names, the password goes to the primary (the sentinels get their own, when they require
 * one), a purge on one replica reaches another through the primary's pub/sub channel, and when the
 * primary dies the proxy follows the sentinel to the replica it promoted.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RedisSentinelIT {

  private static final String MASTER = "edge-primary";
  private static final String TOKEN = "admin-t0ken";
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final int BURST = 5;

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private static EdgeServer edge(String body, Map<String, String> env) throws Exception {
    String yaml =
        """
        listeners: [{ name: http, address: "127.0.0.1:0" }]
        admin: { address: "127.0.0.1:0", token: "%s" }
        server: { ioThreads: 1 }
        observability: { accessLog: { enabled: false } }
        """
                .formatted(TOKEN)
            + body;
    EdgeConfig config = ConfigLoader.parse(yaml, "test.yaml", env);
    EdgeServer server = new EdgeServer(config, Transport.select(true), new ManualTicker());
    server.start();
    return server;
  }

  /** The {@code redis} section naming only the sentinel, with {@code extra} keys appended. */
  private static String sentinelSection(RedisSentinel sentinel, String extra) {
    return "redis: { sentinel: { masterName: %s, nodes: [\"%s\"] }, keyPrefix: \"st:\"%s }\n"
        .formatted(MASTER, sentinel.node(), extra);
  }

  private int status(int port, String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** Writes {@code key} over the shared connection; false when Redis refuses or does not answer. */
  private static boolean writes(SharedRedis redis, String key) {
    StatefulRedisConnection<byte[], byte[]> c = redis.connectionNow();
    if (c == null) {
      return false;
    }
    try {
      byte[] k = (redis.keyPrefix() + key).getBytes(StandardCharsets.UTF_8);
      return "OK".equals(c.async().set(k, new byte[] {'v'}).get(2, TimeUnit.SECONDS));
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void aGlobalLimitCountsInThePrimaryTheSentinelNames() throws Exception {
    try (RedisServer primary = RedisServer.start();
        RedisSentinel sentinel = RedisSentinel.start(MASTER, primary, null);
        EdgeServer server =
            edge(
                sentinelSection(sentinel, "")
                    + """
                    routes:
                      - name: tools
                        directResponse: { status: 200, body: "ok" }
                        rateLimit: { requestsPerSecond: 1, burst: %d, scope: global }
                    """
                        .formatted(BURST),
                Map.of())) {
      await().atMost(WAIT).until(() -> server.redis().replicas().up());
      int port = server.listenerAddress("http").getPort();
      int admitted = 0;
      int limited = 0;
      for (int i = 0; i < 4 * BURST; i++) {
        int s = status(port, "/tools");
        if (s == 200) {
          admitted++;
        } else if (s == 429) {
          limited++;
        }
      }
      assertThat(admitted + limited).as("every answer is 200 or 429").isEqualTo(4 * BURST);
      // The burst, plus what one token per second refilled while the loop ran.
      assertThat(admitted).isBetween(BURST, BURST + 3);
      assertThat(primary.command("EXISTS", "st:limit:tools:"))
          .as("the bucket lives in the primary the sentinel names")
          .isEqualTo(":1");
      assertThat(server.rateLimitFallbacks().count("tools")).isZero();
    }
  }

  @Test
  void thePasswordGoesToThePrimaryAndTheSentinelIsAskedWithoutOne() throws Exception {
    try (RedisServer primary = RedisServer.startWithPassword("s3cret");
        RedisSentinel sentinel = RedisSentinel.start(MASTER, primary, "s3cret");
        EdgeServer server =
            edge(
                sentinelSection(sentinel, ", password: { env: REDIS_PASSWORD }")
                    + "routes: [{ name: default, directResponse: { status: 204 } }]\n",
                Map.of("REDIS_PASSWORD", "s3cret"))) {
      await().atMost(WAIT).until(() -> server.redis().replicas().up());
      // The replica's heartbeat, written with the password over the sentinel-named connection.
      assertThat(primary.command("EXISTS", "st:replicas")).isEqualTo(":1");
    }
  }

  @Test
  void sentinelsThatRequireAPasswordGetTheirOwn() throws Exception {
    try (RedisServer primary = RedisServer.startWithPassword("s3cret");
        RedisSentinel sentinel = RedisSentinel.start(MASTER, primary, "s3cret", "sentinel-pw");
        EdgeServer server =
            edge(
                """
                redis:
                  sentinel:
                    masterName: %s
                    nodes: ["%s"]
                    password: { env: SENTINEL_PASSWORD }
                  password: { env: REDIS_PASSWORD }
                  keyPrefix: "st:"
                routes: [{ name: default, directResponse: { status: 204 } }]
                """
                    .formatted(MASTER, sentinel.node()),
                Map.of("REDIS_PASSWORD", "s3cret", "SENTINEL_PASSWORD", "sentinel-pw"))) {
      assertThat(sentinel.commandWithoutAuth("SENTINEL", "MASTERS"))
          .as("the sentinel refuses clients without its password")
          .startsWith("-NOAUTH");
      await().atMost(WAIT).until(() -> server.redis().replicas().up());
      assertThat(primary.command("EXISTS", "st:replicas")).isEqualTo(":1");
    }
  }

  @Test
  void aPurgeOnOneReplicaReachesAnotherThroughThePrimary() throws Exception {
    WireMockServer origin = Origins.start();
    origin.stubFor(get(urlPathMatching("/static/.*")).willReturn(aResponse().withBody("asset")));
    try (RedisServer primary = RedisServer.start();
        RedisSentinel sentinel = RedisSentinel.start(MASTER, primary, null)) {
      String body =
          sentinelSection(sentinel, "")
              + """
              upstreams: [{ name: api, endpoints: ["%s"] }]
              routes:
                - name: static
                  upstream: api
                  cache: { mode: override, ttl: 1h, scope: public }
              """
                  .formatted(Origins.endpoint(origin));
      try (EdgeServer first = edge(body, Map.of());
          EdgeServer second = edge(body, Map.of())) {
        await()
            .atMost(WAIT)
            .until(() -> first.invalidationBus().up() && second.invalidationBus().up());
        int port = second.listenerAddress("http").getPort();
        assertThat(status(port, "/static/a.css")).isEqualTo(200);
        assertThat(status(port, "/static/a.css", "Cache-Control", "only-if-cached")).isEqualTo(200);

        String prefix =
            URLEncoder.encode("http://127.0.0.1:" + port + "/static/", StandardCharsets.UTF_8);
        HttpRequest purge =
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + first.adminAddress().getPort()
                            + "/cache/purge?prefix="
                            + prefix))
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        assertThat(http.send(purge, HttpResponse.BodyHandlers.discarding()).statusCode())
            .isEqualTo(200);
        await()
            .atMost(Duration.ofSeconds(1))
            .until(() -> status(port, "/static/a.css", "Cache-Control", "only-if-cached") != 200);
        assertThat(second.invalidationBus().counters().received()).isEqualTo(1);
      }
    } finally {
      origin.stop();
    }
  }

  @Test
  void followsAFailoverToThePromotedReplica() throws Exception {
    try (RedisServer primary = RedisServer.start();
        RedisServer replica = RedisServer.startReplicaOf(primary);
        RedisSentinel sentinel = RedisSentinel.start(MASTER, primary, null)) {
      // Sentinel learns the replica from the primary's INFO, which it asks for every 10 s.
      await()
          .atMost(Duration.ofSeconds(25))
          .until(() -> "*1".equals(sentinel.command("SENTINEL", "REPLICAS", MASTER)));
      try (EdgeServer server =
          edge(
              sentinelSection(sentinel, "")
                  + "routes: [{ name: default, directResponse: { status: 204 } }]\n",
              Map.of())) {
        await().atMost(WAIT).until(() -> writes(server.redis(), "before"));
        assertThat(primary.command("GET", "st:before")).isEqualTo("v");
        primary.stop();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> replica.command("INFO", "replication").contains("role:master"));
        // A replica refuses writes (READONLY): this one succeeds only on the promoted server.
        await().atMost(Duration.ofSeconds(30)).until(() -> writes(server.redis(), "after"));
        assertThat(replica.command("GET", "st:after")).isEqualTo("v");
        await().atMost(WAIT).until(() -> server.redis().replicas().up());
      }
    }
  }
}
