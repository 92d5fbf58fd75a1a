package io.mcpedge.server.policy;

import io.mcpedge.core.config.FailureBreakerConfig;
import io.mcpedge.core.config.LoadBalancerConfig;
import io.mcpedge.core.config.LoadBalancerPolicy;
import io.mcpedge.core.config.UpstreamConfig;
import io.mcpedge.core.credential.Credential;
import io.mcpedge.core.lb.LoadBalancer;
import io.mcpedge.core.lb.LoadBalancers;
import io.mcpedge.core.policy.breaker.FailureBreaker;
import io.mcpedge.core.policy.outlier.OutlierDetector;
import io.mcpedge.core.policy.overload.OverloadGuard;
import io.mcpedge.core.policy.retry.RetryBudget;
import io.mcpedge.server.answer.LocalAnswers;
import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.exchange.ResponseSink;
import io.mcpedge.server.upstream.AttemptListener;
import io.mcpedge.server.upstream.AttemptPolicy;
import io.mcpedge.server.upstream.Endpoint;
import io.mcpedge.server.upstream.EndpointSelector;
import io.mcpedge.server.upstream.Overload;
import io.mcpedge.server.upstream.UpstreamObserver;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * The run-time traffic policies of one upstream, shared by all event loops: load balancing over the
 * current endpoints (skipping ejected ones and ones whose breaker is open), the failure-rate
 * breaker (one for the upstream, or one per endpoint), the overload thresholds, outlier ejection,
 * in-flight counts for least-request, and the retry budget of the routes that use the upstream's
 * retry settings.
 *
 * <p>The breaker and the thresholds are checked for every attempt, retries included, once its
 * endpoint is chosen; every attempt's outcome reaches the breaker and the outlier detector. When
 * DNS re-resolution changes the endpoints, {@link #create} is called with the new snapshot and
 * keeps the state of the endpoints that stay.
 */
public final class UpstreamPolicy implements AttemptPolicy, EndpointSelector.Factory {

  private final UpstreamConfig config;
  private final LongSupplier nanoTime;
  private final RandomGenerator random;
  final RejectionCounters rejections;
  final OverloadGuard guard;
  private final FailureBreaker breaker;
  private final FailureBreakerConfig endpointBreakerConfig;
  private final ConcurrentHashMap<Endpoint, FailureBreaker> endpointBreakers =
      new ConcurrentHashMap<>();
  final OutlierDetector<Endpoint> outlier;
  private final ConcurrentHashMap<Endpoint, AtomicInteger> inFlight = new ConcurrentHashMap<>();
  private final RetryBudget retryBudget;
  private final Credential credential;
  final UpstreamObserver observer;

  public UpstreamPolicy(
      UpstreamConfig config,
      LongSupplier nanoTime,
      RandomGenerator random,
      RejectionCounters rejections,
      Credential credential) {
    this(config, nanoTime, random, rejections, credential, UpstreamObserver.NONE);
  }

  /**
   * @param nanoTime the server's ticker: breakers and ejections use it, so tests drive them
   * @param random load-balancer draws; thread-safe
   * @param credential the edge's credential, which consistent hashing on its header reads
   * @param observer told how every admitted attempt ends (metrics)
   */
  public UpstreamPolicy(
      UpstreamConfig config,
      LongSupplier nanoTime,
      RandomGenerator random,
      RejectionCounters rejections,
      Credential credential,
      UpstreamObserver observer) {
    this.config = config;
    this.observer = observer;
    this.credential = credential;
    this.nanoTime = nanoTime;
    this.random = random;
    this.rejections = rejections;
    this.guard = new OverloadGuard(config.circuitBreaker());
    FailureBreakerConfig failure = config.circuitBreaker().failure();
    boolean perEndpoint = failure != null && failure.perEndpoint();
    this.breaker =
        failure == null || perEndpoint
            ? null
            : new FailureBreaker(config.name(), failure, nanoTime);
    this.endpointBreakerConfig = perEndpoint ? failure : null;
    this.outlier =
        config.outlierDetection() == null
            ? null
            : new OutlierDetector<>(config.outlierDetection(), List.of(), nanoTime);
    this.retryBudget = config.retry() == null ? null : new RetryBudget(config.retry());
  }

  @Override
  public EndpointSelector create(List<Endpoint> endpoints) {
    Set<Endpoint> current = Set.copyOf(endpoints);
    if (outlier != null) {
      outlier.setEndpoints(endpoints);
    }
    if (endpointBreakerConfig != null) {
      for (Endpoint e : endpoints) {
        endpointBreakers.computeIfAbsent(
            e, k -> new FailureBreaker(k.toString(), endpointBreakerConfig, nanoTime));
      }
      endpointBreakers.keySet().retainAll(current);
    }
    for (Endpoint e : endpoints) {
      inFlight.computeIfAbsent(e, k -> new AtomicInteger());
    }
    // Attempts still running on a departed endpoint hold their own counter; dropping the map entry
    // only stops DNS churn (pods coming and going) from growing the map.
    inFlight.keySet().retainAll(current);
    LoadBalancerConfig lb =
        config.loadBalancer() == null
            ? new LoadBalancerConfig(LoadBalancerPolicy.ROUND_ROBIN, null)
            : config.loadBalancer();
    LoadBalancer<Endpoint> balancer =
        LoadBalancers.create(lb, endpoints, UpstreamPolicy::identity, this::inFlight, random);
    String hashOn = lb.policy() == LoadBalancerPolicy.CONSISTENT_HASH ? lb.hashOn() : null;
    return new BalancedSelector(balancer, this::isAvailable, hashOn, credential);
  }

  /** Where an endpoint is on the ring: its address, stable across snapshots and replicas. */
  static String identity(Endpoint e) {
    return e.address().getAddress().getHostAddress() + ":" + e.address().getPort();
  }

  private boolean isAvailable(Endpoint e) {
    if (outlier != null && !outlier.isAvailable(e)) {
      return false;
    }
    FailureBreaker b = endpointBreakerConfig == null ? null : endpointBreakers.get(e);
    return b == null || !b.isRefusing();
  }

  /** Requests in flight to an endpoint, across all event loops. */
  public int inFlight(Endpoint e) {
    AtomicInteger n = inFlight.get(e);
    return n == null ? 0 : n.get();
  }

  @Override
  public AttemptListener admit(Exchange ex, Endpoint endpoint, ResponseSink sink) {
    FailureBreaker b = breaker != null ? breaker : endpointBreakers.get(endpoint);
    if (b != null && !b.tryAcquirePermission()) {
      rejections.reject(ex, RejectionReason.BREAKER_OPEN);
      LocalAnswers.instead(
          ex, sink, LocalAnswers.breakerOpen(ex.routeName(), b.retryAfterSeconds(), ex.alloc()));
      return null;
    }
    if (!guard.tryAcquireRequest()) {
      if (b != null) {
        b.onCancelled();
      }
      rejections.reject(ex, RejectionReason.OVERLOADED_REQUESTS);
      sink.onError(Overload.REQUESTS);
      return null;
    }
    AtomicInteger n = inFlight.computeIfAbsent(endpoint, k -> new AtomicInteger());
    n.incrementAndGet();
    return new EndpointAttempt(this, ex, endpoint, b, n);
  }

  @Override
  public OverloadGuard overload() {
    return guard;
  }

  @Override
  public UpstreamObserver observer() {
    return observer;
  }

  /** Whether the upstream has failure-rate breakers (its own, or one per endpoint). */
  public boolean hasBreakers() {
    return breaker != null || endpointBreakerConfig != null;
  }

  /** Every failure-rate breaker of the upstream now: its own, or one per endpoint, or none. */
  public Collection<FailureBreaker> breakers() {
    if (breaker != null) {
      return List.of(breaker);
    }
    return new ArrayList<>(endpointBreakers.values());
  }

  /** The failure-rate breaker of the whole upstream, or {@code null} (none, or per endpoint). */
  public FailureBreaker breaker() {
    return breaker;
  }

  /** The breaker of one endpoint when breakers are per endpoint, else {@code null}. */
  public FailureBreaker breaker(Endpoint e) {
    return endpointBreakers.get(e);
  }

  /** The outlier detector, or {@code null} when ejection is off. */
  public OutlierDetector<Endpoint> outlierDetector() {
    return outlier;
  }

  /** The budget of routes that retry with the upstream's settings; {@code null} when none. */
  public RetryBudget retryBudget() {
    return retryBudget;
  }

  /** The upstream's own {@code retry}, or {@code null}. */
  public io.mcpedge.core.config.RetryConfig upstreamRetry() {
    return config.retry();
  }

  long now() {
    return nanoTime.getAsLong();
  }
}
