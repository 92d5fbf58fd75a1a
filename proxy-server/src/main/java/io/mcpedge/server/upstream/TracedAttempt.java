package io.mcpedge.server.upstream;

import io.mcpedge.server.exchange.ExchangeTrace;
import io.mcpedge.server.exchange.Failure;

/**
 * An attempt's listener that also ends the attempt's span: the policies' listener sees every event
 * first, then the span records the response status or the failure, and ends with the attempt. Only
 * made when the exchange is traced.
 */
final class TracedAttempt implements AttemptListener {

  private final AttemptListener policy;
  private final ExchangeTrace.Step span;

  TracedAttempt(AttemptListener policy, ExchangeTrace.Step span) {
    this.policy = policy;
    this.span = span;
  }

  @Override
  public boolean tryStartWaiting() {
    return policy.tryStartWaiting();
  }

  @Override
  public void stopWaiting() {
    policy.stopWaiting();
  }

  @Override
  public void onResponse(int status) {
    policy.onResponse(status);
    span.status(status);
  }

  @Override
  public void onFailure(Throwable cause) {
    policy.onFailure(cause);
    span.failed(Failure.classify(cause).name());
  }

  @Override
  public void onEnd() {
    policy.onEnd();
    span.end();
  }
}
