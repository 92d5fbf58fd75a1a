package io.mcpedge.server.metrics;

import io.mcpedge.server.replicas.BusCounters;
import io.mcpedge.server.replicas.InvalidationBus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToDoubleFunction;

/**
 * The meters of the invalidations shared between replicas: messages by outcome, the times the cache
 * was dropped for invalidations it may have missed, and whether the subscription is up now.
 */
public final class ReplicaBusMetrics {

  private ReplicaBusMetrics() {}

  public static void register(MeterRegistry registry, InvalidationBus bus) {
    BusCounters c = bus.counters();
    message(registry, c, "published", BusCounters::published);
    message(registry, c, "publish_failed", BusCounters::publishFailures);
    message(registry, c, "received", BusCounters::received);
    message(registry, c, "own", BusCounters::own);
    message(registry, c, "malformed", BusCounters::malformed);
    FunctionCounter.builder("edge.cache.replica.resyncs", c, BusCounters::resyncs)
        .description("times the cache was dropped because invalidations may have been missed")
        .register(registry);
    Gauge.builder("edge.cache.replica.subscribed", bus, b -> b.up() ? 1 : 0)
        .description("1 while the invalidation channel's subscription is up")
        .register(registry);
  }

  private static void message(
      MeterRegistry registry, BusCounters c, String result, ToDoubleFunction<BusCounters> f) {
    FunctionCounter.builder("edge.cache.replica.messages", c, f)
        .description("invalidation messages between replicas, by outcome")
        .tag("result", result)
        .register(registry);
  }
}
