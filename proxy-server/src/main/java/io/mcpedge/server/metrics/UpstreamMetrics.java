package io.mcpedge.server.metrics;

import io.mcpedge.core.policy.breaker.BreakerState;
import io.mcpedge.core.policy.breaker.FailureBreaker;
import io.mcpedge.core.policy.overload.OverloadGuard;
import io.mcpedge.server.exchange.Failure;
import io.mcpedge.server.policy.UpstreamPolicy;
import io.mcpedge.server.upstream.UpstreamCluster;
import io.mcpedge.server.upstream.UpstreamObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The meters of one upstream: every admitted attempt ({@code http.client.request.duration}, after
 * the OpenTelemetry HTTP client conventions, until the response head or the failure), its failures
 * by kind, the pools' connections and HTTP/2 streams, the endpoints known and ejected, and the
 * failure-rate breakers' states and transitions. The only label besides a fixed set is the
 * upstream's configured name; an endpoint address never becomes a label (DNS decides how many there
 * are).
 *
 * <p>Counting an attempt is a {@link LongAdder} or meter increment on meters resolved here or on
 * first use, so the hot path allocates nothing; the gauges read the policy and the cluster when
 * scraped.
 */
public final class UpstreamMetrics implements UpstreamObserver {

  static final String DURATION = "http.client.request.duration";
  static final String ATTEMPTS = "edge.upstream.attempts";
  static final String FAILURES = "edge.upstream.failures";

  /** The {@code outcome} label: a status class, or why no response head came. */
  private static final String[] OUTCOMES = {
    "1xx", "2xx", "3xx", "4xx", "5xx", "connect", "reset", "timeout", "cancelled", "overloaded"
  };

  private static final int CONNECT = 5;
  private static final int RESET = 6;
  private static final int TIMEOUT = 7;
  private static final int CANCELLED = 8;
  private static final int OVERLOADED = 9;

  /** The {@code kind} label of a failure, as the breaker and outlier detection count them. */
  private static final String[] KINDS = {"connect", "reset", "timeout", "5xx"};

  private final MeterRegistry registry;
  private final String upstream;
  private final AtomicReferenceArray<Timer> timers = new AtomicReferenceArray<>(OUTCOMES.length);
  private final Counter attempts;
  private final Counter[] failures = new Counter[KINDS.length];
  private final LongAdder idle = new LongAdder();
  private final LongAdder streams = new LongAdder();

  public UpstreamMetrics(MeterRegistry registry, String upstream) {
    this.registry = registry;
    this.upstream = upstream;
    this.attempts =
        Counter.builder(ATTEMPTS)
            .description("Attempts sent to the upstream (retries included)")
            .tag("upstream", upstream)
            .register(registry);
    for (int k = 0; k < KINDS.length; k++) {
      failures[k] =
          Counter.builder(FAILURES)
              .description("Upstream attempts that failed, by kind")
              .tag("upstream", upstream)
              .tag("kind", KINDS[k])
              .register(registry);
    }
  }

  /**
   * Registers the gauges and counters that read the upstream's state when scraped: pools,
   * endpoints, breakers, ejections. Called once both exist.
   */
  public void bind(UpstreamCluster cluster, UpstreamPolicy policy) {
    OverloadGuard guard = policy.overload();
    Gauge.builder("http.client.open_connections", guard, this::active)
        .description("Upstream connections open (or opening), by state")
        .tag("upstream", upstream)
        .tag("http.connection.state", "active")
        .strongReference(true)
        .register(registry);
    Gauge.builder("http.client.open_connections", idle, LongAdder::sum)
        .description("Upstream connections open (or opening), by state")
        .tag("upstream", upstream)
        .tag("http.connection.state", "idle")
        .strongReference(true)
        .register(registry);
    Gauge.builder("edge.upstream.pending_requests", guard, g -> g.pendingRequests().held())
        .description("Attempts waiting for a pooled connection or stream")
        .tag("upstream", upstream)
        .strongReference(true)
        .register(registry);
    Gauge.builder("edge.upstream.h2_streams", streams, LongAdder::sum)
        .description("HTTP/2 streams in use on the upstream's connections")
        .tag("upstream", upstream)
        .strongReference(true)
        .register(registry);
    Gauge.builder("edge.upstream.endpoints", cluster, c -> c.endpoints().size())
        .description("Endpoints of the upstream, by state (ejected ones are also known)")
        .tag("upstream", upstream)
        .tag("state", "known")
        .strongReference(true)
        .register(registry);
    Gauge.builder("edge.upstream.endpoints", policy, UpstreamMetrics::ejected)
        .description("Endpoints of the upstream, by state (ejected ones are also known)")
        .tag("upstream", upstream)
        .tag("state", "ejected")
        .strongReference(true)
        .register(registry);
    FunctionCounter.builder(
            "edge.outlier.ejections",
            policy,
            p -> p.outlierDetector() == null ? 0 : p.outlierDetector().ejections())
        .description("Endpoints ejected by outlier detection")
        .tag("upstream", upstream)
        .register(registry);
    if (!policy.hasBreakers()) {
      return;
    }
    for (BreakerState s : BreakerState.values()) {
      String state = s.name().toLowerCase(Locale.ROOT);
      Gauge.builder("edge.breaker.state", policy, p -> inState(p, s))
          .description("Failure-rate breakers of the upstream in each state")
          .tag("upstream", upstream)
          .tag("state", state)
          .strongReference(true)
          .register(registry);
      FunctionCounter.builder("edge.breaker.transitions", policy, p -> transitions(p, s))
          .description("Breaker transitions into each state")
          .tag("upstream", upstream)
          .tag("state", state)
          .register(registry);
    }
  }

  private double active(OverloadGuard g) {
    return Math.max(0, g.connections().held() - idle.sum());
  }

  private static double ejected(UpstreamPolicy p) {
    return p.outlierDetector() == null ? 0 : p.outlierDetector().ejectedCount();
  }

  private static double inState(UpstreamPolicy p, BreakerState s) {
    int n = 0;
    for (FailureBreaker b : p.breakers()) {
      if (b.state() == s) {
        n++;
      }
    }
    return n;
  }

  private static double transitions(UpstreamPolicy p, BreakerState s) {
    long n = 0;
    for (FailureBreaker b : p.breakers()) {
      n += b.transitions(s);
    }
    return n;
  }

  @Override
  public void attemptAnswered(int status, long nanos) {
    int cls = status / 100 - 1;
    record(cls >= 0 && cls < 5 ? cls : 4, nanos);
    if (status >= 500) {
      failures[3].increment();
    }
  }

  @Override
  public void attemptFailed(Failure failure, long nanos) {
    int outcome =
        switch (failure) {
          case CONNECT_FAILED, CONNECT_TIMEOUT -> CONNECT;
          case UPSTREAM_RESET, UPSTREAM_PROTOCOL -> RESET;
          case UPSTREAM_TIMEOUT, REQUEST_TIMEOUT, IDLE_TIMEOUT -> TIMEOUT;
          case OVERLOADED -> OVERLOADED;
          default -> CANCELLED;
        };
    record(outcome, nanos);
    if (outcome >= CONNECT && outcome <= TIMEOUT) {
      failures[outcome - CONNECT].increment();
    }
  }

  private void record(int outcome, long nanos) {
    attempts.increment();
    Timer t = timers.get(outcome);
    if (t == null) {
      // A race registers the same meter twice: the registry returns the one it has.
      t =
          Timer.builder(DURATION)
              .description("Upstream attempts, from admission to the response head or failure")
              .tag("upstream", upstream)
              .tag("outcome", OUTCOMES[outcome])
              .serviceLevelObjectives(RequestMetrics.BUCKETS)
              .register(registry);
      timers.set(outcome, t);
    }
    t.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void idleConnections(int delta) {
    idle.add(delta);
  }

  @Override
  public void streams(int delta) {
    streams.add(delta);
  }
}
