package io.mcpedge.core.lb;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Hands out endpoints in turn; an endpoint that may not be used is skipped in favour of the next
 * one. The position is one counter shared by all event loops, so the rotation is global rather than
 * per loop.
 *
 * @param <E> the endpoint type
 */
public final class RoundRobin<E> implements LoadBalancer<E> {

  private final List<E> endpoints;
  private final AtomicInteger next;

  /**
   * @param endpoints the snapshot, copied
   * @param start where the rotation begins, so that rebuilt snapshots do not all favour the first
   *     endpoint
   */
  public RoundRobin(List<E> endpoints, int start) {
    this.endpoints = List.copyOf(endpoints);
    this.next = new AtomicInteger(Math.max(0, start));
  }

  @Override
  public E select(CharSequence hashKey, Predicate<? super E> available, E avoid) {
    int size = endpoints.size();
    if (size == 0) {
      return null;
    }
    int start = (next.getAndIncrement() & Integer.MAX_VALUE) % size;
    return endpoints.get(Candidates.scan(endpoints, start, available, avoid));
  }

  @Override
  public List<E> endpoints() {
    return endpoints;
  }
}
