package io.mcpedge.server.policy;

import io.mcpedge.core.policy.breaker.FailureBreaker;
import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.exchange.Failure;
import io.mcpedge.server.upstream.AttemptListener;
import io.mcpedge.server.upstream.Endpoint;
import io.mcpedge.server.upstream.Overload;
import io.mcpedge.server.upstream.UpstreamObserver;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One admitted attempt to one endpoint: it holds a {@code maxRequests} permit, a breaker permission
 * and an in-flight count, gives each back exactly once, and reports the outcome (to the breaker,
 * outlier detection and the upstream's metrics). 5xx answers, resets, connect failures and timeouts
 * are failures; an abort by the client (or by an overload threshold) counts for nothing.
 */
final class EndpointAttempt implements AttemptListener {

  private final UpstreamPolicy policy;
  private final Exchange ex;
  private final Endpoint endpoint;
  private final FailureBreaker breaker;
  private final AtomicInteger inFlight;
  private final long startNanos;
  private boolean ended;

  EndpointAttempt(
      UpstreamPolicy policy,
      Exchange ex,
      Endpoint endpoint,
      FailureBreaker breaker,
      AtomicInteger inFlight) {
    this.policy = policy;
    this.ex = ex;
    this.endpoint = endpoint;
    this.breaker = breaker;
    this.inFlight = inFlight;
    this.startNanos = policy.now();
  }

  @Override
  public boolean tryStartWaiting() {
    if (policy.guard.tryAcquirePending()) {
      return true;
    }
    policy.rejections.reject(ex, RejectionReason.OVERLOADED_PENDING);
    return false;
  }

  @Override
  public void stopWaiting() {
    policy.guard.releasePending();
  }

  @Override
  public void onResponse(int status) {
    if (policy.observer != UpstreamObserver.NONE) {
      policy.observer.attemptAnswered(status, policy.now() - startNanos);
    }
    if (status >= 500) {
      failed();
    } else {
      if (breaker != null) {
        breaker.onSuccess(policy.now() - startNanos);
      }
      if (policy.outlier != null) {
        policy.outlier.recordSuccess(endpoint);
      }
    }
  }

  @Override
  public void onFailure(Throwable cause) {
    if (cause == Overload.CONNECTIONS) {
      policy.rejections.reject(ex, RejectionReason.OVERLOADED_CONNECTIONS);
    }
    Failure f = Failure.classify(cause);
    if (policy.observer != UpstreamObserver.NONE) {
      policy.observer.attemptFailed(f, policy.now() - startNanos);
    }
    if (f == Failure.CLIENT_CLOSED || f == Failure.OVERLOADED) {
      if (breaker != null) {
        breaker.onCancelled();
      }
      return;
    }
    failed();
  }

  private void failed() {
    if (breaker != null) {
      breaker.onFailure(policy.now() - startNanos);
    }
    if (policy.outlier != null) {
      policy.outlier.recordFailure(endpoint);
    }
  }

  @Override
  public void onEnd() {
    if (ended) {
      return;
    }
    ended = true;
    policy.guard.releaseRequest();
    inFlight.decrementAndGet();
  }
}
