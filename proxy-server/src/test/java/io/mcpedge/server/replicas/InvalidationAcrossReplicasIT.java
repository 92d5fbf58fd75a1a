package io.mcpedge.server.replicas;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.mcpedge.server.testsupport.Origins;
import io.mcpedge.server.testsupport.RedisServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three replicas of the proxy sharing one real {@code redis-server}: a purge, a ban and a write's
 * invalidation (RFC 9111 §4.4 and {@code cache.invalidates}) on one replica empty the other two
 * within one second; what crosses Redis names no credential, and each credential keeps its own
 * entries; a replica whose subscription was cut drops what it cannot vouch for.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class InvalidationAcrossReplicasIT {

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(InvalidationAcrossReplicasIT.class);

  private static final Duration PROPAGATION = Duration.ofSeconds(1);
  private static final String ALICE = "Bearer alice-secret-token";
  private static final String BOB = "Bearer bob-secret-token";

  private RedisServer redis;
  private WireMockServer origin;
  private EdgeReplicas replicas;

  @BeforeEach
  void start() throws Exception {
    redis = RedisServer.start();
    origin = Origins.start();
    origin.stubFor(get(urlPathMatching("/static/.*")).willReturn(aResponse().withBody("asset")));
    for (String who : List.of(ALICE, BOB)) {
      String name = who.substring(7, who.indexOf('-'));
      origin.stubFor(
          get(urlPathEqualTo("/tools"))
              .withHeader("Authorization", equalTo(who))
              .willReturn(aResponse().withBody("tools of " + name)));
      origin.stubFor(
          get(urlPathEqualTo("/tools/1"))
              .withHeader("Authorization", equalTo(who))
              .willReturn(aResponse().withBody("tool 1 for " + name)));
    }
    origin.stubFor(delete(urlPathEqualTo("/tools/1")).willReturn(aResponse().withStatus(204)));
    replicas =
        new EdgeReplicas(
            3,
            "redis: { address: \""
                + redis.uri()
                + "\", keyPrefix: \"it:\" }\n"
                + "upstreams: [{ name: api, endpoints: [\""
                + Origins.endpoint(origin)
                + "\"] }]\n"
                + "routes:\n"
                + "  - name: tools-writes\n"
                + "    match:\n"
                + "      path: { type: PathPrefix, value: /tools }\n"
                + "      methods: [POST, PUT, PATCH, DELETE]\n"
                + "    upstream: api\n"
                + "    cache: { invalidates: [{ type: PathPrefix, value: /tools }] }\n"
                + "  - name: tools\n"
                + "    match: { path: { type: PathPrefix, value: /tools } }\n"
                + "    upstream: api\n"
                + "    cache: { mode: override, ttl: 5m, scope: per-credential }\n"
                + "  - name: static\n"
                + "    upstream: api\n"
                + "    cache: { mode: override, ttl: 1h, scope: public }\n");
    replicas.awaitSubscribed();
  }

  @AfterEach
  void stop() throws Exception {
    if (replicas != null) {
      replicas.close();
    }
    origin.stop();
    redis.close();
  }

  /** Stores {@code path} on every replica, for every credential given (or none). */
  private void fill(String path, String... credentials) throws Exception {
    for (int i = 0; i < replicas.size(); i++) {
      if (credentials.length == 0) {
        assertThat(replicas.send(i, "GET", path).status()).isEqualTo(200);
        assertThat(replicas.cached(i, path)).as("%s on replica %d", path, i).isTrue();
      }
      for (String c : credentials) {
        assertThat(replicas.send(i, "GET", path, "Authorization", c).status()).isEqualTo(200);
        assertThat(replicas.cached(i, path, "Authorization", c)).isTrue();
      }
    }
  }

  /**
   * Waits at most one second until none of {@code replicaIndexes} holds {@code path} for any of
   * {@code credentials} (or for none); returns the milliseconds it took.
   */
  private long awaitGone(long since, String path, List<String> credentials, int... replicaIndexes) {
    await()
        .atMost(PROPAGATION)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(2))
        .until(
            () -> {
              for (int i : replicaIndexes) {
                if (credentials.isEmpty() && replicas.cached(i, path)) {
                  return false;
                }
                for (String c : credentials) {
                  if (replicas.cached(i, path, "Authorization", c)) {
                    return false;
                  }
                }
              }
              return true;
            });
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
  }

  @Test
  void aPurgeOnOneReplicaEmptiesTheOtherTwoWithinASecond() throws Exception {
    fill("/static/a.css");
    fill("/static/b.css");
    long t0 = System.nanoTime();
    EdgeReplicas.Answer purge =
        replicas.send(0, "PURGE", "/static/a.css", "Authorization", "Bearer " + EdgeReplicas.TOKEN);
    assertThat(purge.status()).isEqualTo(200);
    long ms = awaitGone(t0, "/static/a.css", List.of(), 1, 2);
    LOG.info("replicas: PURGE on replica 0 seen by replicas 1 and 2 after {} ms", ms);
    for (int i = 0; i < 3; i++) {
      assertThat(replicas.cached(i, "/static/b.css")).as("replica %d keeps b.css", i).isTrue();
    }
    assertThat(replicas.server(1).invalidationBus().counters().received()).isEqualTo(1);
    await()
        .atMost(PROPAGATION)
        .until(() -> replicas.server(0).invalidationBus().counters().own() == 1);
    assertThat(replicas.server(0).invalidationBus().counters().received())
        .as("a replica skips its own message")
        .isZero();
  }

  @Test
  void adminPrefixPurgeAndBanReachEveryReplica() throws Exception {
    fill("/static/a.css");
    fill("/static/img/c.png");
    long t0 = System.nanoTime();
    String prefix = URLEncoder.encode("http://edge.test/static/img/", StandardCharsets.UTF_8);
    assertThat(replicas.admin(1, "/cache/purge?prefix=" + prefix).status()).isEqualTo(200);
    long prefixMs = awaitGone(t0, "/static/img/c.png", List.of(), 0, 2);
    assertThat(replicas.cached(0, "/static/a.css")).isTrue();
    t0 = System.nanoTime();
    String regex = URLEncoder.encode("\\.css$", StandardCharsets.UTF_8);
    assertThat(replicas.admin(2, "/cache/purge?regex=" + regex).status()).isEqualTo(200);
    long banMs = awaitGone(t0, "/static/a.css", List.of(), 0, 1);
    LOG.info("replicas: prefix purge seen after {} ms, ban after {} ms", prefixMs, banMs);
  }

  @Test
  void aDeleteOnOneReplicaInvalidatesEveryCredentialOnTheOtherTwo() throws Exception {
    List<String> published = new CopyOnWriteArrayList<>();
    RedisClient listener = RedisClient.create(redis.uri().toString());
    try (StatefulRedisPubSubConnection<String, String> sub = listener.connectPubSub()) {
      sub.addListener(
          new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
              published.add(message);
            }
          });
      sub.sync().subscribe("it:invalidations");
      fill("/tools", ALICE, BOB);
      fill("/tools/1", ALICE, BOB);

      long t0 = System.nanoTime();
      assertThat(replicas.send(0, "DELETE", "/tools/1", "Authorization", ALICE).status())
          .isEqualTo(204);
      long itemMs = awaitGone(t0, "/tools/1", List.of(ALICE, BOB), 1, 2);
      long listMs = awaitGone(t0, "/tools", List.of(ALICE, BOB), 1, 2);
      LOG.info(
          "replicas: DELETE on replica 0 seen by replicas 1 and 2 after {} ms (the item,"
              + " RFC 9111 §4.4) and {} ms (the list, cache.invalidates)",
          itemMs,
          listMs);

      // Each credential gets its own answer again on the replicas that dropped theirs.
      for (int i = 1; i < 3; i++) {
        assertThat(replicas.send(i, "GET", "/tools", "Authorization", BOB).body())
            .contains("tools of bob");
        assertThat(replicas.send(i, "GET", "/tools", "Authorization", ALICE).body())
            .contains("tools of alice");
        assertThat(replicas.send(i, "GET", "/tools", "Authorization", BOB).body())
            .contains("tools of bob");
      }
      await().atMost(PROPAGATION).until(() -> published.size() >= 2);
      assertThat(published)
          .as("what crosses Redis names URLs and paths, never a credential")
          .allSatisfy(
              m ->
                  assertThat(m)
                      .doesNotContain("alice")
                      .doesNotContain("secret")
                      .contains("/tools"));
    } finally {
      listener.shutdown();
    }
  }

  @Test
  void aReplicaWhoseSubscriptionWasCutDropsWhatItCannotVouchFor() throws Exception {
    fill("/static/a.css");
    fill("/tools", ALICE);
    long before = replicas.server(1).invalidationBus().resyncs();
    // Every replica's pub/sub connection is killed by Redis; Lettuce reconnects and resubscribes.
    String killed = redis.command("CLIENT", "KILL", "TYPE", "pubsub");
    assertThat(killed).isEqualTo(":3");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              for (int i = 0; i < 3; i++) {
                if (replicas.server(i).invalidationBus().resyncs() <= before
                    || replicas.cached(i, "/static/a.css")
                    || replicas.cached(i, "/tools", "Authorization", ALICE)) {
                  return false;
                }
              }
              return true;
            });
    assertThat(replicas.server(1).invalidationBus().resyncs()).isEqualTo(before + 1);
    // Subscribed again: invalidations flow as before.
    replicas.awaitSubscribed();
    fill("/static/a.css");
    long t0 = System.nanoTime();
    replicas.send(2, "PURGE", "/static/a.css", "Authorization", "Bearer " + EdgeReplicas.TOKEN);
    awaitGone(t0, "/static/a.css", List.of(), 0, 1);
  }

  @Test
  void aPurgeMissedWhileRedisWasDownIsCoveredWhenItComesBack() throws Exception {
    fill("/static/a.css");
    redis.stop();
    await().atMost(Duration.ofSeconds(10)).until(() -> !replicas.server(1).invalidationBus().up());
    // The purge cannot be published: replica 1 keeps serving its copy meanwhile.
    replicas.send(0, "PURGE", "/static/a.css", "Authorization", "Bearer " + EdgeReplicas.TOKEN);
    assertThat(replicas.cached(0, "/static/a.css")).isFalse();
    assertThat(replicas.cached(1, "/static/a.css")).isTrue();
    assertThat(replicas.server(0).invalidationBus().counters().publishFailures()).isEqualTo(1);
    redis.restart();
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                replicas.server(1).invalidationBus().up() && !replicas.cached(1, "/static/a.css"));
    assertThat(replicas.server(1).invalidationBus().resyncs()).isEqualTo(1);
    // The purge Redis did not take is published late, for replicas that stayed subscribed (here
    // none did: each one that resubscribes drops its store anyway).
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> replicas.server(0).invalidationBus().counters().published() == 1);
    assertThat(
            replicas
                .server(1)
                .meterRegistry()
                .get("edge.cache.replica.resyncs")
                .functionCounter()
                .count())
        .isEqualTo(1.0);
  }
}
