package io.mcpedge.server.policy;

import io.mcpedge.core.config.RetryConfig;
import io.mcpedge.core.policy.retry.Backoff;
import io.mcpedge.core.policy.retry.RetryBudget;
import io.mcpedge.core.policy.retry.RetryPolicy;
import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.exchange.ExchangeFilter;
import io.mcpedge.server.exchange.Next;
import io.mcpedge.server.exchange.ResponseSink;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.random.RandomGenerator;

/**
 * Retries failed upstream attempts of a route, directly above the terminal stage (see {@link
 * io.mcpedge.server.route.RouteChains}): each call of {@code next} is a fresh attempt, which the
 * stage sends to a different endpoint when there is one.
 *
 * <p>Whether an attempt may be retried is {@link RetryPolicy}'s decision (triggers, idempotency, a
 * replayable body, nothing sent to the client yet); whether there is room is the upstream's {@link
 * RetryBudget}'s. Backoff is jittered and scheduled on the exchange's event loop by the proxy's
 * clock. A per-try timeout bounds each attempt until its response head arrives; after that the
 * route's timeouts govern, so a stream is never cut by it. Present only on routes whose effective
 * {@code retry} has retries.
 */
public final class RetryFilter implements ExchangeFilter {

  final RetryPolicy policy;
  final RetryBudget budget;
  final Backoff backoff;
  final long perTryTimeoutNanos;
  final RejectionCounters rejections;
  final LongAdder retries;

  public RetryFilter(
      RetryConfig config,
      RetryBudget budget,
      RandomGenerator random,
      RejectionCounters rejections) {
    this(config, budget, random, rejections, new LongAdder());
  }

  /**
   * @param config the route's {@code retry}, or its upstream's
   * @param budget shared by every route that uses the upstream's settings
   * @param random jitter of the backoff
   * @param retries counts the retries this route sends
   */
  public RetryFilter(
      RetryConfig config,
      RetryBudget budget,
      RandomGenerator random,
      RejectionCounters rejections,
      LongAdder retries) {
    this.retries = retries;
    this.policy = new RetryPolicy(config);
    this.budget = budget;
    this.backoff = new Backoff(config.backoffBase(), config.backoffMax(), random);
    Duration perTry = config.perTryTimeout();
    this.perTryTimeoutNanos = perTry == null ? 0 : perTry.toNanos();
    this.rejections = rejections;
  }

  @Override
  public void filter(Exchange ex, Next next, ResponseSink sink) {
    budget.onRequestStart();
    new RetryingExchange(this, ex, next, sink).attempt();
  }
}
