package io.mcpedge.bench;

import io.mcpedge.cache.CacheRequest;
import io.mcpedge.cache.Decision;
import io.mcpedge.cache.Delivery;
import io.mcpedge.cache.HitResponder;
import io.mcpedge.cache.HttpCache;
import io.mcpedge.cache.LookupResult;
import io.mcpedge.cache.StoreWriter;
import io.mcpedge.cache.http.Fields;
import io.mcpedge.cache.http.HttpDate;
import io.mcpedge.core.config.ByteSize;
import io.mcpedge.core.config.CacheConfig;
import io.mcpedge.core.config.CacheMode;
import io.mcpedge.core.config.CacheScope;
import io.mcpedge.core.config.RouteCacheConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of answering a fresh hit from the {@code proxy-cache} engine on a per-credential route (the
 * API read rule): key derivation from method, authority, target and the credential, the store read,
 * the Vary selection, the freshness arithmetic and the delivery plan. One thousand credentials are
 * stored, as in the load benchmark's {@code per-credential} scenario, and the requests rotate
 * through them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CacheHitBenchmark {

  private static final int TOKENS = 1000;
  private static final RouteCacheConfig API_READ =
      new RouteCacheConfig(
          CacheMode.OVERRIDE,
          Duration.ofMinutes(5),
          CacheScope.PER_CREDENTIAL,
          Duration.ZERO,
          Duration.ZERO,
          Duration.ZERO,
          false);

  private HttpCache cache;
  private CacheRequest[] requests;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    InstantSource clock = InstantSource.system();
    cache =
        new HttpCache(
            new CacheConfig(
                ByteSize.ofBytes(64L << 20),
                ByteSize.ofBytes(1L << 20),
                "Authorization",
                List.of("jwt_token", "access_token"),
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                ByteSize.ofBytes(8L << 20)),
            Duration.ofHours(1),
            clock,
            Runnable::run);
    byte[] body = "{\"tools\":[]}".repeat(170).getBytes(StandardCharsets.UTF_8);
    Fields origin =
        Fields.of(
            "Date", HttpDate.format(clock.millis()),
            "Content-Type", "application/json",
            "Content-Length", Integer.toString(body.length),
            "Cache-Control", "no-store, private",
            "Vary", "Authorization");
    requests = new CacheRequest[TOKENS];
    for (int i = 0; i < TOKENS; i++) {
      requests[i] = request("Bearer bench-token-" + i);
      LookupResult miss = cache.lookup().lookup(API_READ, requests[i]);
      StoreWriter w = cache.updates().openWriter(miss, 200, origin, clock.millis());
      if (w == null) {
        throw new IllegalStateException("the origin's answer was not storable");
      }
      w.append(body, 0, body.length);
      w.commit();
    }
    for (CacheRequest r : requests) {
      Decision d = cache.lookup().lookup(API_READ, r).decision();
      if (d != Decision.FRESH_HIT) {
        throw new IllegalStateException("lookup: " + d + " (expected: FRESH_HIT)");
      }
    }
  }

  /** A gateway API read as clients send it: the credential and the usual browser-ish headers. */
  private static CacheRequest request(String authorization) {
    return new CacheRequest(
        "GET",
        "http",
        "gateway.example.com",
        "/v1/tools",
        Fields.of(
            "Host", "gateway.example.com",
            "User-Agent", "mcp-client/1.4 (python-httpx 0.28)",
            "Accept", "application/json",
            "Accept-Encoding", "gzip, deflate",
            "Authorization", authorization,
            "Connection", "keep-alive"));
  }

  @Benchmark
  public LookupResult lookup() {
    return cache.lookup().lookup(API_READ, nextRequest());
  }

  @Benchmark
  public Delivery lookupAndRespond() {
    return HitResponder.respond(cache.lookup().lookup(API_READ, nextRequest()));
  }

  private CacheRequest nextRequest() {
    CacheRequest r = requests[next];
    next = next + 1 == TOKENS ? 0 : next + 1;
    return r;
  }
}
