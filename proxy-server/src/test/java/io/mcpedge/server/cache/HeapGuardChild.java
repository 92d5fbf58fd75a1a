package io.mcpedge.server.cache;

import io.mcpedge.cache.CacheRequest;
import io.mcpedge.cache.HttpCache;
import io.mcpedge.cache.LookupResult;
import io.mcpedge.cache.StoreWriter;
import io.mcpedge.cache.http.Fields;
import io.mcpedge.core.config.ConfigLoader;
import io.mcpedge.core.config.EdgeConfig;
import io.mcpedge.core.config.RouteCacheConfig;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The program {@link HeapGuardIT} runs in a JVM of its own with a small heap: fills a store, then
 * holds {@code ballast} MiB of live memory of its own beside it (as thousands of streams would),
 * collects, and prints the store's bound once the guard has lowered it and the store has evicted
 * down to it, or after 20 s.
 */
public final class HeapGuardChild {

  private static final int MIB = 1 << 20;

  private HeapGuardChild() {}

  public static void main(String[] args) throws Exception {
    int cacheMib = Integer.parseInt(args[0]);
    int ballastMib = Integer.parseInt(args[1]);
    EdgeConfig config =
        ConfigLoader.parse(
            "listeners: [{name: http, address: '127.0.0.1:0'}]\n"
                + "cache: {maxSize: "
                + cacheMib
                + "Mi, maxObjectSize: 1Mi}\n"
                + "upstreams: [{name: o, endpoints: ['http://127.0.0.1:9']}]\n"
                + "routes:\n  - name: r\n    upstream: o\n"
                + "    cache: {mode: override, ttl: 10m, scope: public}\n",
            "child.yaml",
            Map.of());
    RouteCacheConfig route = config.routes().get(0).cache();
    HttpCache cache =
        new HttpCache(config.cache(), Duration.ofHours(1), InstantSource.system(), Runnable::run);
    HeapGuard guard = HeapGuard.install(cache.store()).orElseThrow();
    byte[] body = new byte[MIB - 4096];
    for (int i = 0; i < cacheMib * 2; i++) {
      CacheRequest req = new CacheRequest("GET", "http", "origin", "/" + i, Fields.of());
      LookupResult lookup = cache.lookup().lookup(route, req);
      StoreWriter w =
          cache
              .updates()
              .openWriter(
                  lookup,
                  200,
                  Fields.of("Content-Length", Integer.toString(body.length)),
                  System.currentTimeMillis());
      w.append(body, 0, body.length);
      w.commit();
    }
    long before = cache.store().maximum();
    System.out.println("filled " + cache.store().weightedSize() + " of " + before);
    List<byte[]> ballast = new ArrayList<>();
    for (int i = 0; i < ballastMib; i++) {
      ballast.add(new byte[MIB]);
    }
    System.gc();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    // The guard lowers the bound, then evicts down to it on the notification thread: wait for
    // both, or this thread may read the size between the two.
    while ((cache.store().maximum() == before
            || cache.store().weightedSize() > cache.store().maximum())
        && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    System.out.println(
        "bound "
            + cache.store().maximum()
            + " size "
            + cache.store().weightedSize()
            + " ballast "
            + ballast.size());
    guard.close();
  }
}
