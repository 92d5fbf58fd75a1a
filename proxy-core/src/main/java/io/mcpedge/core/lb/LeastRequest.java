package io.mcpedge.core.lb;

import java.util.List;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import java.util.random.RandomGenerator;

/**
 * Power of two choices: draws two endpoints at random and takes the one with fewer requests in
 * flight. It follows the load of slow endpoints almost as well as a full scan, at constant cost and
 * without all event loops herding onto the same least-loaded endpoint.
 *
 * <p>A drawn endpoint that may not be used is replaced by the next usable one in list order.
 *
 * @param <E> the endpoint type
 */
public final class LeastRequest<E> implements LoadBalancer<E> {

  private final List<E> endpoints;
  private final ToIntFunction<? super E> inFlight;
  private final RandomGenerator random;

  /**
   * @param endpoints the snapshot, copied
   * @param inFlight requests in flight to an endpoint across all event loops; owned by the caller
   *     because it outlives snapshots
   * @param random the draw; thread-safe ({@link io.mcpedge.core.policy.Randomness#threadLocal()} in
   *     production)
   */
  public LeastRequest(
      List<E> endpoints, ToIntFunction<? super E> inFlight, RandomGenerator random) {
    this.endpoints = List.copyOf(endpoints);
    this.inFlight = inFlight;
    this.random = random;
  }

  @Override
  public E select(CharSequence hashKey, Predicate<? super E> available, E avoid) {
    int size = endpoints.size();
    if (size <= 1) {
      return size == 0 ? null : endpoints.get(0);
    }
    int first = random.nextInt(size);
    int second = random.nextInt(size - 1);
    if (second >= first) {
      second++;
    }
    int a = Candidates.scan(endpoints, first, available, avoid);
    int b = Candidates.scan(endpoints, second, available, avoid);
    E ea = endpoints.get(a);
    E eb = endpoints.get(b);
    if (a == b || Candidates.rank(ea, available, avoid) != Candidates.BEST) {
      return ea;
    }
    return inFlight.applyAsInt(eb) < inFlight.applyAsInt(ea) ? eb : ea;
  }

  @Override
  public List<E> endpoints() {
    return endpoints;
  }
}
