package io.mcpedge.server.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpedge.server.testsupport.RedisServer;
import io.mcpedge.server.testsupport.TestEdge;
import io.mcpedge.server.tls.TestPki;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code redis: { address: rediss://... }} against a real {@code redis-server} that speaks TLS
 * only, with a certificate from a private CA: {@code tls.caFile} makes the proxy trust it, and a
 * {@code scope: global} limit then counts in that server; without the CA file the JVM's trust store
 * does not know the CA and the proxy never reaches Redis.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedisTlsIT {

  private static final int BURST = 5;

  @TempDir Path dir;

  private static String limitedRoute() {
    return """
        routes:
          - name: tools
            directResponse: { status: 200, body: "ok" }
            rateLimit: { requestsPerSecond: 1, burst: %d, scope: global }
        """
        .formatted(BURST);
  }

  private RedisServer tlsRedis(TestPki pki) throws Exception {
    Path[] certAndKey = pki.server("redis", false);
    return RedisServer.startTls(
        certAndKey[0], certAndKey[1], TestPki.clientContext(pki.caCert(), null).getSocketFactory());
  }

  @Test
  void aGlobalLimitCountsInATlsOnlyRedisTrustedThroughTheCaFile() throws Exception {
    TestPki pki = new TestPki(dir, "redis-ca");
    try (RedisServer redis = tlsRedis(pki);
        TestEdge edge =
            TestEdge.start(
                "redis: { address: \"%s\", tls: { caFile: \"%s\" }, keyPrefix: \"tls:\" }\n"
                        .formatted(redis.uri(), pki.caCert())
                    + limitedRoute())) {
      assertThat(redis.uri().getScheme()).isEqualTo("rediss");
      await().atMost(Duration.ofSeconds(15)).until(() -> edge.server().redis().replicas().up());
      int admitted = 0;
      int limited = 0;
      for (int i = 0; i < 4 * BURST; i++) {
        int s = edge.get("/tools").statusCode();
        if (s == 200) {
          admitted++;
        } else if (s == 429) {
          limited++;
        }
      }
      assertThat(admitted + limited).as("every answer is 200 or 429").isEqualTo(4 * BURST);
      assertThat(admitted).isBetween(BURST, BURST + 3);
      assertThat(redis.command("EXISTS", "tls:limit:tools:")).isEqualTo(":1");
      assertThat(edge.server().rateLimitFallbacks().count("tools")).isZero();
    }
  }

  @Test
  void withoutTheCaFileThePrivateCaIsNotTrusted() throws Exception {
    TestPki pki = new TestPki(dir, "redis-ca");
    try (RedisServer redis = tlsRedis(pki);
        TestEdge edge =
            TestEdge.start(
                "redis: { address: \"%s\" }\n".formatted(redis.uri()) + limitedRoute())) {
      await()
          .during(Duration.ofSeconds(2))
          .atMost(Duration.ofSeconds(5))
          .until(() -> !edge.server().redis().replicas().up());
      assertThat(redis.command("EXISTS", "mcp-edge:replicas")).isEqualTo(":0");
    }
  }
}
