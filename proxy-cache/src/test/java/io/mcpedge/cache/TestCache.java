package io.mcpedge.cache;

import io.mcpedge.cache.http.Fields;
import io.mcpedge.cache.http.HttpDate;
import io.mcpedge.core.config.ByteSize;
import io.mcpedge.core.config.CacheConfig;
import io.mcpedge.core.config.CacheMode;
import io.mcpedge.core.config.CacheScope;
import io.mcpedge.core.config.RouteCacheConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** An engine on a fake clock, with shorthands for storing and looking up. */
final class TestCache {

  static final RouteCacheConfig RFC =
      new RouteCacheConfig(
          CacheMode.RFC9111,
          Duration.ZERO,
          CacheScope.SHARED,
          Duration.ZERO,
          Duration.ZERO,
          Duration.ZERO,
          false);

  final FakeClock clock = new FakeClock();
  final HttpCache cache;

  TestCache() {
    this(1 << 20, 64 * 1024);
  }

  TestCache(long maxSize, long maxObjectSize) {
    this.cache =
        new HttpCache(config(maxSize, maxObjectSize), Duration.ofHours(1), clock, Runnable::run);
  }

  /** Bodies kept in {@code storage}, the entries' heap part bounded by {@code heapShare}. */
  TestCache(long maxSize, long maxObjectSize, BodyStorage storage, long heapShare) {
    this.cache =
        new HttpCache(
            config(maxSize, maxObjectSize),
            Duration.ofHours(1),
            clock,
            Runnable::run,
            storage,
            heapShare);
  }

  static CacheConfig config(long maxSize, long maxObjectSize) {
    return new CacheConfig(
        ByteSize.ofBytes(maxSize),
        ByteSize.ofBytes(maxObjectSize),
        "Authorization",
        List.of("jwt_token", "access_token"),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        ByteSize.ofBytes(8L << 20));
  }

  static RouteCacheConfig route(CacheMode mode, CacheScope scope) {
    return new RouteCacheConfig(
        mode, Duration.ofMinutes(5), scope, Duration.ZERO, Duration.ZERO, Duration.ZERO, false);
  }

  static CacheRequest get(String target, String... headers) {
    return request("GET", target, headers);
  }

  static CacheRequest request(String method, String target, String... headers) {
    return new CacheRequest(method, "http", "example.com", target, Fields.of(headers));
  }

  String date(long offsetSeconds) {
    return HttpDate.format(clock.millis() + offsetSeconds * 1000L);
  }

  /** Looks up, then stores the given response as the server would; returns the decision taken. */
  LookupResult fetch(RouteCacheConfig route, CacheRequest req, int status, String... headers) {
    return fetchBody(route, req, status, "body", headers);
  }

  LookupResult fetchBody(
      RouteCacheConfig route, CacheRequest req, int status, String body, String... headers) {
    LookupResult lookup = lookup(route, req);
    if (lookup.decision().servedFromCache()) {
      return lookup;
    }
    Fields response = withDate(headers);
    StoreWriter w = cache.updates().openWriter(lookup, status, response, clock.millis());
    if (w != null) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      w.append(bytes, 0, bytes.length);
      w.commit();
    }
    return lookup;
  }

  LookupResult lookup(RouteCacheConfig route, CacheRequest req) {
    return cache.lookup().lookup(route, req);
  }

  Fields withDate(String... headers) {
    Fields given = Fields.of(headers);
    if (given.contains("date")) {
      return given;
    }
    Fields.Builder b = Fields.builder();
    given.forEach(b::add);
    return b.add("Date", date(0)).build();
  }
}
