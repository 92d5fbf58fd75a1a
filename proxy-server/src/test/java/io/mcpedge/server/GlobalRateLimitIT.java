package io.mcpedge.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpedge.server.testsupport.Flood;
import io.mcpedge.server.testsupport.Flood.Target;
import io.mcpedge.server.testsupport.RedisServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three proxy processes (the shaded jar) share one {@code scope: global} limit through a real
 * {@code redis-server} on loopback: a bounded flood spread over them is admitted at the limit, not
 * three times it as with {@code scope: local}; a per-credential limit keeps one client's flood from
 * the others; and with Redis killed mid-flood no request fails for any reason but the limit, the
 * fallback is counted, and the limit is global again once Redis is back.
 *
 * <p>Rates are measured between two snapshots taken once the burst has been spent, so the figure is
 * the refill rate alone. Bursts are a third of a second of the rate or more, so that a replica
 * starved of CPU for a moment does not lose refilled tokens.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class GlobalRateLimitIT {

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(GlobalRateLimitIT.class);

  private static final int LIMIT = 3000;

  /**
   * The limit of the local comparison: three replicas admit three times it, which a flood from this
   * machine (about 4,000 requests per second over three child JVMs on two shared cores) can only
   * show for a limit this low.
   */
  private static final int LOCAL_LIMIT = 800;

  private static final Pattern FALLBACKS =
      Pattern.compile("edge_ratelimit_fallbacks_total\\{route=\"tools\"[^}]*} ([0-9.E]+)");
  private static final Pattern REDIS_UP =
      Pattern.compile("(?m)^edge_redis_up(\\{[^}]*})? ([0-9.]+)");

  @TempDir Path dir;
  private RedisServer redis;
  private final List<ChildProxy> proxies = new ArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void startRedis() throws Exception {
    redis = RedisServer.start();
  }

  @AfterEach
  void stopAll() throws Exception {
    for (ChildProxy p : proxies) {
      p.close();
    }
    redis.close();
  }

  /** Starts three proxies with the route {@code tools} limited by {@code rateLimit}. */
  private void startProxies(String rateLimit) throws Exception {
    String yaml =
        """
        listeners: [{ name: http, address: "127.0.0.1:0" }]
        admin: { address: "127.0.0.1:0" }
        server: { ioThreads: 1 }
        observability: { accessLog: { enabled: false } }
        redis: { address: "%s" }
        routes:
          - name: tools
            directResponse: { status: 200, body: "ok" }
            rateLimit: %s
        """
            .formatted(redis.uri(), rateLimit);
    Path config = Files.writeString(dir.resolve("edge.yaml"), yaml);
    for (int i = 0; i < 3; i++) {
      proxies.add(
          ChildProxy.run(
              List.of("-Xmx192m", "-XX:+UseSerialGC"), Map.of(), "--config", config.toString()));
    }
    for (ChildProxy p : proxies) {
      // Three JVMs starting at once on a busy machine: give them time.
      ChildProxy.ready(p, Duration.ofSeconds(90));
    }
    await().atMost(Duration.ofSeconds(40)).until(() -> allRedisUp(true));
  }

  private List<Target> targets(int perProxy, String authorization) {
    List<Target> out = new ArrayList<>();
    for (ChildProxy p : proxies) {
      for (int i = 0; i < perProxy; i++) {
        out.add(new Target(p.port(), "/tools", authorization));
      }
    }
    return out;
  }

  /**
   * Admitted requests per second over {@code seconds}, from half a second after the first 429 (the
   * burst is spent by then).
   */
  private static double admittedRate(Flood flood, double seconds, int outrun) throws Exception {
    await()
        .pollInterval(Duration.ofMillis(5))
        .atMost(Duration.ofSeconds(20))
        .until(() -> flood.limited() > 0);
    long start = System.nanoTime();
    awaitElapsed(start, 0.5);
    long a1 = flood.admitted();
    long o1 = flood.admitted() + flood.limited();
    long t1 = System.nanoTime();
    awaitElapsed(start, seconds);
    long a2 = flood.admitted();
    long o2 = flood.admitted() + flood.limited();
    double dt = (System.nanoTime() - t1) / 1e9;
    double offered = (o2 - o1) / dt;
    LOG.info(
        String.format(
            "flood: %.0f req/s offered, %.0f admitted over %.1f s", offered, (a2 - a1) / dt, dt));
    assertThat(offered)
        .as("offered load (the machine must outrun the limit for the figure to mean anything)")
        .isGreaterThan(outrun * 1.2);
    return (a2 - a1) / dt;
  }

  private static void awaitElapsed(long start, double seconds) {
    long until = start + (long) (seconds * 1e9);
    await()
        .pollInterval(Duration.ofMillis(5))
        .atMost(Duration.ofSeconds(60))
        .until(() -> System.nanoTime() >= until);
  }

  @Test
  void threeReplicasShareOneGlobalLimit() throws Exception {
    startProxies("{ requestsPerSecond: %d, burst: 1000, scope: global }".formatted(LIMIT));
    double rate;
    try (Flood flood = Flood.start(targets(4, null), Duration.ofSeconds(8), 200_000)) {
      rate = admittedRate(flood, 4.0, LIMIT);
      flood.join();
      assertThat(flood.other()).as("%s", flood.failures()).isZero();
    }
    // Never more than the one budget plus 5 %. On a quiet two-core machine the three replicas
    // admitted 2999 and 3000 req/s of 3000; below the limit the bound allows 10 %, because the
    // replicas, the flood and Redis share two cores, and under load from other work they fell
    // short (see docs/configuration.md, "Global limits").
    assertThat(rate).isBetween(LIMIT * 0.9, LIMIT * 1.05);
    assertThat(fallbacks()).isZero();
  }

  @Test
  void localLimitsAdmitAboutThreeTimesAsMuch() throws Exception {
    startProxies("{ requestsPerSecond: %d, burst: 300 }".formatted(LOCAL_LIMIT));
    double rate;
    try (Flood flood = Flood.start(targets(4, null), Duration.ofSeconds(8), 200_000)) {
      rate = admittedRate(flood, 4.0, 3 * LOCAL_LIMIT);
      flood.join();
      assertThat(flood.other()).as("%s", flood.failures()).isZero();
    }
    // Each replica admits the whole limit: well over one budget, at most three.
    // (plus what the three bursts hold: a replica whose offered load dips refills its own)
    assertThat(rate).isBetween(LOCAL_LIMIT * 2.0, LOCAL_LIMIT * 3 * 1.15);
  }

  @Test
  void oneCredentialsFloodLeavesTheOthersAlone() throws Exception {
    startProxies(
        """
        [ { requestsPerSecond: %d, burst: 1000, scope: global },
                         { requestsPerSecond: 100, burst: 10, key: credential, scope: global } ]"""
            .formatted(LIMIT));
    try (Flood flood = Flood.start(targets(2, "Bearer flooder"), Duration.ofSeconds(5), 200_000)) {
      // A small burst, and the window opened after the first 429: answers admitted from the
      // burst but read late by a loaded client would otherwise count as the steady rate (a
      // burst of 100 read half a second late added up to 40 req/s to the figure).
      await()
          .pollInterval(Duration.ofMillis(5))
          .atMost(Duration.ofSeconds(20))
          .until(() -> flood.limited() > 0);
      long start = System.nanoTime();
      awaitElapsed(start, 0.5);
      long a1 = flood.admitted();
      int refused = 0;
      int sent = 0;
      // A well-behaved client: one request at a time, round robin over the replicas.
      while (System.nanoTime() - start < 3_000_000_000L) {
        ChildProxy p = proxies.get(sent % proxies.size());
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.port() + "/tools"))
                    .header("Authorization", "Bearer calm-" + (sent % 5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        sent++;
        if (r.statusCode() != 200) {
          refused++;
        }
      }
      double dt = (System.nanoTime() - start) / 1e9 - 0.5;
      double flooderRate = (flood.admitted() - a1) / dt;
      LOG.info(
          String.format(
              "flooder admitted %.0f req/s; %d calm requests, %d refused",
              flooderRate, sent, refused));
      flood.join();
      assertThat(refused).as("refusals of the other credentials").isZero();
      assertThat(sent).isGreaterThan(5);
      assertThat(flooderRate).as("the flooding credential's admitted rate").isBetween(50.0, 130.0);
      assertThat(flood.limited()).isGreaterThan(flood.admitted());
    }
  }

  @Test
  void redisKilledMidFloodFallsBackAndComesBackGlobal() throws Exception {
    startProxies("{ requestsPerSecond: %d, burst: 1000, scope: global }".formatted(LIMIT));
    try (Flood flood = Flood.start(targets(2, null), Duration.ofSeconds(5), 300_000)) {
      long start = System.nanoTime();
      awaitElapsed(start, 1.0);
      redis.stop();
      await().atMost(Duration.ofSeconds(10)).until(() -> fallbacks() > 0);
      assertThat(allRedisUp(false)).isTrue();
      awaitElapsed(start, 2.5);
      redis.restart();
      await().atMost(Duration.ofSeconds(10)).until(() -> allRedisUp(true));
      flood.join();
      assertThat(flood.other()).as("%s", flood.failures()).isZero();
      assertThat(flood.admitted()).isPositive();
    }
    long after = fallbacks();
    long decided;
    try (Flood again = Flood.start(targets(2, null), Duration.ofSeconds(2), 100_000)) {
      again.join();
      assertThat(again.other()).as("%s", again.failures()).isZero();
      decided = again.admitted() + again.limited();
    }
    // The restarted Redis started empty: the bucket in it was made by the replicas after it came
    // back, and (nearly) every decision of the second flood was made through it.
    assertThat(redis.command("EXISTS", "mcp-edge:limit:tools:")).isEqualTo(":1");
    assertThat(fallbacks() - after)
        .as("fallbacks of %d decisions", decided)
        .isLessThan(decided / 20);
  }

  private long fallbacks() throws Exception {
    long sum = 0;
    for (ChildProxy p : proxies) {
      Matcher m = FALLBACKS.matcher(metrics(p));
      if (m.find()) {
        sum += (long) Double.parseDouble(m.group(1));
      }
    }
    return sum;
  }

  private boolean allRedisUp(boolean up) throws Exception {
    for (ChildProxy p : proxies) {
      Matcher m = REDIS_UP.matcher(metrics(p));
      if (!m.find() || (Double.parseDouble(m.group(2)) == 1.0) != up) {
        return false;
      }
    }
    return true;
  }

  private String metrics(ChildProxy p) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.adminPort() + "/metrics"))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
