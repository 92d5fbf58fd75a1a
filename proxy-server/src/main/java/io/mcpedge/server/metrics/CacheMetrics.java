package io.mcpedge.server.metrics;

import io.mcpedge.cache.CacheStore;
import io.mcpedge.core.config.CacheMode;
import io.mcpedge.core.config.RouteConfig;
import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.exchange.ExchangeObserver;
import io.mcpedge.server.exchange.ExchangeRecord;
import io.mcpedge.server.exchange.ExchangeRecord.CacheResult;
import io.mcpedge.server.exchange.ExchangeRecord.StaleReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the cache did: per caching route, the exchanges it answered by result ({@code hit}, {@code
 * miss}, {@code pass}, {@code stale}, {@code revalidated}, {@code coalesced}) and the stale answers
 * by reason, read from each exchange's {@link ExchangeRecord} when it ends; and for the one store,
 * its stores, evictions, expirations and purges, and its size in bytes and entries, read when
 * scraped.
 *
 * <p>The counters of every route are created when its table is loaded ({@link #addRoutes}, at start
 * and after each reload), so an exchange's end is a map read and an increment, without allocation.
 * Routes that do not cache have no series; a route a reload removed keeps its series (Prometheus
 * counters do not go back), frozen.
 */
public final class CacheMetrics implements ExchangeObserver {

  static final String REQUESTS = "edge.cache.requests";
  static final String STALE = "edge.cache.stale_served";

  private static final CacheResult[] RESULTS = CacheResult.values();
  private static final StaleReason[] REASONS = StaleReason.values();

  private final MeterRegistry registry;

  /** Route name to its counters; added to by the reload thread, read by the event loops. */
  private final Map<String, RouteCounters> byRoute = new ConcurrentHashMap<>();

  public CacheMetrics(MeterRegistry registry, Collection<RouteConfig> routes, CacheStore store) {
    this.registry = registry;
    addRoutes(routes);
    FunctionCounter.builder("edge.cache.stores", store, CacheStore::stores)
        .description("Responses stored in the cache")
        .register(registry);
    FunctionCounter.builder("edge.cache.evictions", store, CacheStore::evictions)
        .description("Cache keys evicted to stay within cache.maxSize")
        .register(registry);
    FunctionCounter.builder("edge.cache.expirations", store, CacheStore::expirations)
        .description("Cache keys removed once no stale window could use them")
        .register(registry);
    FunctionCounter.builder("edge.cache.purges", store, CacheStore::purges)
        .description("Cache keys removed by purge, ban or an unsafe request")
        .register(registry);
    Gauge.builder("edge.cache.stored", store, CacheStore::weightedSize)
        .description("Bytes held by the cache (headers, bodies and overhead)")
        .baseUnit("bytes")
        .strongReference(true)
        .register(registry);
    Gauge.builder("edge.cache.entries", store, CacheStore::keyCount)
        .description("Keys held by the cache (each with its variants)")
        .strongReference(true)
        .register(registry);
  }

  /** Creates the counters of the caching routes in {@code routes} that have none yet. */
  public void addRoutes(Collection<RouteConfig> routes) {
    for (RouteConfig r : routes) {
      if (r.cache() != null && r.cache().mode() != CacheMode.OFF) {
        byRoute.computeIfAbsent(r.name(), name -> new RouteCounters(registry, name));
      }
    }
  }

  @Override
  public void exchangeEnded(Exchange ex, int status) {
    ExchangeRecord record = ex.record();
    CacheResult result = record.cacheResult();
    if (result == CacheResult.NONE) {
      return;
    }
    String route = ex.routeName();
    RouteCounters counters = route == null ? null : byRoute.get(route);
    if (counters == null) {
      return;
    }
    counters.results[result.ordinal()].increment();
    if (result == CacheResult.STALE && record.staleReason() != StaleReason.NONE) {
      counters.stale[record.staleReason().ordinal()].increment();
    }
  }

  /** The {@code result} label of a cache result. */
  static String label(CacheResult r) {
    return r.name().toLowerCase(Locale.ROOT);
  }

  /** The {@code reason} label of a stale answer, after the Cache-Control directives. */
  static String label(StaleReason r) {
    return switch (r) {
      case MAX_STALE -> "max_stale";
      case WHILE_REVALIDATE -> "stale_while_revalidate";
      case IF_ERROR -> "stale_if_error";
      case NONE -> "none";
    };
  }

  /** The counters of one route, indexed by result and by stale reason. */
  private static final class RouteCounters {
    final Counter[] results = new Counter[RESULTS.length];
    final Counter[] stale = new Counter[REASONS.length];

    RouteCounters(MeterRegistry registry, String route) {
      for (CacheResult r : RESULTS) {
        if (r != CacheResult.NONE) {
          results[r.ordinal()] =
              Counter.builder(REQUESTS)
                  .description("Exchanges of a caching route, by what the cache did")
                  .tag("route", route)
                  .tag("result", label(r))
                  .register(registry);
        }
      }
      for (StaleReason s : REASONS) {
        if (s != StaleReason.NONE) {
          stale[s.ordinal()] =
              Counter.builder(STALE)
                  .description("Exchanges answered from a stale entry, by why it was allowed")
                  .tag("route", route)
                  .tag("reason", label(s))
                  .register(registry);
        }
      }
    }
  }
}
