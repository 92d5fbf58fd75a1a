package io.mcpedge.core.lb;

import io.mcpedge.core.config.LoadBalancerConfig;
import io.mcpedge.core.policy.Checks;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.random.RandomGenerator;

/**
 * Builds the {@link LoadBalancer} an upstream's {@link LoadBalancerConfig} asks for, so that the
 * data plane rebuilds snapshots on endpoint changes without knowing the policies.
 */
public final class LoadBalancers {

  private LoadBalancers() {}

  /**
   * @param config the upstream's policy
   * @param endpoints the current endpoints
   * @param identity a name of each endpoint that stays the same across snapshots ({@code
   *     host:port}); places ring points
   * @param inFlight requests in flight per endpoint, for least-request
   * @param random thread-safe randomness ({@link io.mcpedge.core.policy.Randomness#threadLocal()}
   *     in production)
   */
  public static <E> LoadBalancer<E> create(
      LoadBalancerConfig config,
      List<E> endpoints,
      Function<? super E, String> identity,
      ToIntFunction<? super E> inFlight,
      RandomGenerator random) {
    Checks.present("loadBalancer", config);
    Checks.present("policy", config.policy());
    return switch (config.policy()) {
      case ROUND_ROBIN ->
          new RoundRobin<>(endpoints, endpoints.isEmpty() ? 0 : random.nextInt(endpoints.size()));
      case LEAST_REQUEST -> new LeastRequest<>(endpoints, inFlight, random);
      case CONSISTENT_HASH ->
          new ConsistentHash<>(endpoints, identity, ConsistentHash.DEFAULT_REPLICAS);
    };
  }
}
