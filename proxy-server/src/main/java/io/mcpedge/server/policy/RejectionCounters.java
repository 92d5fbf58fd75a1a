package io.mcpedge.server.policy;

import io.mcpedge.server.exchange.Exchange;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts every policy rejection per route and reason, so that every limit is visible (the metrics
 * endpoint exports these). One instance per server, shared by all event loops; counting is a map
 * read and a {@link LongAdder} increment.
 */
public final class RejectionCounters {

  private static final RejectionReason[] REASONS = RejectionReason.values();

  private final ConcurrentHashMap<String, LongAdder[]> byRoute = new ConcurrentHashMap<>();

  /** Counts one rejection of {@code ex} and writes its reason into the exchange's record. */
  public void reject(Exchange ex, RejectionReason reason) {
    increment(ex.routeName(), reason);
    ex.record().rejection(reason.recordName());
  }

  /** Counts one rejection; {@code route} is {@code null} for requests without a route. */
  public void increment(String route, RejectionReason reason) {
    String key = route == null ? "" : route;
    LongAdder[] counts = byRoute.get(key);
    if (counts == null) {
      counts = byRoute.computeIfAbsent(key, k -> newCounts());
    }
    counts[reason.ordinal()].increment();
  }

  private static LongAdder[] newCounts() {
    LongAdder[] counts = new LongAdder[REASONS.length];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = new LongAdder();
    }
    return counts;
  }

  /** Rejections of one route for one reason so far. */
  public long count(String route, RejectionReason reason) {
    LongAdder[] counts = byRoute.get(route);
    return counts == null ? 0 : counts[reason.ordinal()].sum();
  }

  /** Every non-zero count, by route and reason, in a stable order. */
  public Map<String, Map<RejectionReason, Long>> snapshot() {
    Map<String, Map<RejectionReason, Long>> out = new TreeMap<>();
    byRoute.forEach(
        (route, counts) -> {
          Map<RejectionReason, Long> m = new EnumMap<>(RejectionReason.class);
          for (RejectionReason r : REASONS) {
            long n = counts[r.ordinal()].sum();
            if (n != 0) {
              m.put(r, n);
            }
          }
          if (!m.isEmpty()) {
            out.put(route, m);
          }
        });
    return out;
  }
}
