package io.mcpedge.core.lb;

import io.mcpedge.core.policy.Checks;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongBiFunction;

/**
 * Session affinity: a hash ring with virtual nodes (as ketama and Envoy's {@code RING_HASH}), so
 * that one credential or MCP session keeps landing on the same endpoint, and so that adding or
 * removing an endpoint moves only the keys it gains or loses.
 *
 * <p>Each endpoint owns {@code replicas} points on a 64-bit ring, placed by hashing its identity (a
 * string that must be stable across snapshots, such as {@code host:port}). A key belongs to the
 * first point at or after its hash. When that endpoint may not be used, or is the one to avoid on a
 * retry, the walk continues clockwise to the next one: the fallback is deterministic too, and other
 * keys do not move.
 *
 * <p>The ring depends on the set of identities only, never on the order of the endpoint list (which
 * DNS may give each replica of the proxy in another order) or on anything random: two points that
 * hash alike are ordered by their endpoint's identity. So every replica sends a key to the same
 * endpoint, and a client's MCP session stays on one gateway pod whichever replica it reaches.
 *
 * <p>Requests without a key ({@code null}) are spread round-robin.
 *
 * @param <E> the endpoint type
 */
public final class ConsistentHash<E> implements LoadBalancer<E> {

  /** Points per endpoint unless chosen otherwise; keeps each share within a few percent. */
  public static final int DEFAULT_REPLICAS = 256;

  private final List<E> endpoints;
  private final long[] points;
  private final int[] owners;
  private final RoundRobin<E> keyless;

  public ConsistentHash(List<E> endpoints, Function<? super E, String> identity, int replicas) {
    this(endpoints, identity, replicas, Hashing::point);
  }

  /** With the points placed by {@code point}, so that tests can make two of them collide. */
  ConsistentHash(
      List<E> endpoints,
      Function<? super E, String> identity,
      int replicas,
      ToLongBiFunction<String, Integer> point) {
    this.endpoints = List.copyOf(endpoints);
    Checks.positive("replicas", replicas);
    int size = this.endpoints.size();
    long[] raw = new long[size * replicas];
    String[] ids = new String[size];
    for (int e = 0; e < size; e++) {
      ids[e] = identity.apply(this.endpoints.get(e));
      for (int r = 0; r < replicas; r++) {
        raw[e * replicas + r] = point.applyAsLong(ids[e], r);
      }
    }
    Integer[] order = new Integer[raw.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    // Ties go by identity, not by list position: the list's order is replica-local.
    Arrays.sort(
        order,
        (x, y) -> {
          int c = Long.compareUnsigned(raw[x], raw[y]);
          return c != 0 ? c : ids[x / replicas].compareTo(ids[y / replicas]);
        });
    this.points = new long[raw.length];
    this.owners = new int[raw.length];
    for (int i = 0; i < order.length; i++) {
      points[i] = raw[order[i]];
      owners[i] = order[i] / replicas;
    }
    this.keyless = new RoundRobin<>(this.endpoints, 0);
  }

  @Override
  public E select(CharSequence hashKey, Predicate<? super E> available, E avoid) {
    if (points.length == 0) {
      return null;
    }
    if (hashKey == null) {
      return keyless.select(null, available, avoid);
    }
    int start = firstPointAtOrAfter(Hashing.hash(hashKey));
    int best = -1;
    int bestRank = Integer.MAX_VALUE;
    for (int i = 0; i < points.length; i++) {
      int index = start + i < points.length ? start + i : start + i - points.length;
      int owner = owners[index];
      int rank = Candidates.rank(endpoints.get(owner), available, avoid);
      if (rank == Candidates.BEST) {
        return endpoints.get(owner);
      }
      if (rank < bestRank) {
        best = owner;
        bestRank = rank;
      }
    }
    return endpoints.get(best);
  }

  /** Binary search in unsigned order; wraps to 0 past the last point. */
  private int firstPointAtOrAfter(long hash) {
    int low = 0;
    int high = points.length - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      if (Long.compareUnsigned(points[mid], hash) < 0) {
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return low == points.length ? 0 : low;
  }

  @Override
  public List<E> endpoints() {
    return endpoints;
  }

  /** Points on the ring, for tests and diagnostics. */
  int ringSize() {
    return points.length;
  }
}
