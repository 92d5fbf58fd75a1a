package io.mcpedge.core.lb;

import java.util.List;
import java.util.function.Predicate;

/** The preference order shared by all balancers: see {@link LoadBalancer}. */
final class Candidates {

  static final int BEST = 0;

  private Candidates() {}

  /** 0 is best: available and not avoided; 3 is worst: unavailable and avoided. */
  static <E> int rank(E endpoint, Predicate<? super E> available, E avoid) {
    int rank = available.test(endpoint) ? 0 : 2;
    return endpoint.equals(avoid) ? rank + 1 : rank;
  }

  /**
   * Scans the list once from {@code start}, wrapping around, and returns the index of the first
   * best-ranked endpoint, else of the first endpoint of the lowest rank seen; -1 when empty.
   */
  static <E> int scan(List<E> endpoints, int start, Predicate<? super E> available, E avoid) {
    int size = endpoints.size();
    int best = -1;
    int bestRank = Integer.MAX_VALUE;
    for (int i = 0; i < size; i++) {
      int index = start + i < size ? start + i : start + i - size;
      int rank = rank(endpoints.get(index), available, avoid);
      if (rank == BEST) {
        return index;
      }
      if (rank < bestRank) {
        best = index;
        bestRank = rank;
      }
    }
    return best;
  }
}
