package io.mcpedge.server.policy;

import io.mcpedge.core.policy.retry.AttemptOutcome;
import io.mcpedge.core.policy.retry.RetryDecision;
import io.mcpedge.core.policy.retry.RetryPolicy;
import io.mcpedge.server.answer.LocalResponse;
import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.exchange.Failure;
import io.mcpedge.server.exchange.Next;
import io.mcpedge.server.exchange.ProxyException;
import io.mcpedge.server.exchange.ResponseSink;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.Future;

/**
 * The retry state of one exchange, and the sink every attempt answers to. An answer is passed on
 * unless it is retried. A retried answer is abandoned as soon as its head arrives: the attempt is
 * aborted (the HTTP/1.1 connection closed, the h2 stream reset) instead of reading a body that may
 * be long or slow, and the next attempt starts after the backoff. Only an answer that declares an
 * empty body is read to its end, so that its connection is reused. Confined to the exchange's event
 * loop. The budget's request count is released exactly once, when the exchange's answer ends or
 * fails.
 */
final class RetryingExchange implements ResponseSink {

  /** Ends an attempt whose answer is retried, without waiting for that answer's body. */
  static final ProxyException ABANDONED =
      new ProxyException(Failure.UPSTREAM_RESET, "answer abandoned for a retry");

  private final RetryFilter f;
  private final Exchange ex;
  private final Next next;
  private final ResponseSink sink;
  private final boolean idempotent;
  private int retriesDone;
  private boolean holdsRetry;
  private boolean awaitingHead;
  private boolean discarding;
  private boolean passing;
  private boolean ended;
  private Future<?> timer;

  RetryingExchange(RetryFilter f, Exchange ex, Next next, ResponseSink sink) {
    this.f = f;
    this.ex = ex;
    this.next = next;
    this.sink = sink;
    this.idempotent = RetryPolicy.isIdempotent(ex.request().method().name());
  }

  void attempt() {
    awaitingHead = true;
    discarding = false;
    if (f.perTryTimeoutNanos > 0) {
      timer = ex.schedule(this::perTryTimeout, f.perTryTimeoutNanos);
    }
    next.proceed(ex, this);
  }

  private void perTryTimeout() {
    if (awaitingHead && !ex.isDone()) {
      ex.cancel(new ProxyException(Failure.UPSTREAM_TIMEOUT, "per-try timeout"));
    }
  }

  /** The current attempt has an outcome: stop its timer and give back its retry room. */
  private void attemptEnded() {
    awaitingHead = false;
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
    if (holdsRetry) {
      holdsRetry = false;
      f.budget.releaseRetry();
    }
  }

  /** Interim answers of any attempt reach the client: a retried attempt may have sent some too. */
  @Override
  public void onInterim(HttpResponse interim) {
    if (!ended) {
      sink.onInterim(interim);
    }
  }

  @Override
  public void onHead(HttpResponse head) {
    if (ended) {
      return;
    }
    attemptEnded();
    if (!(head instanceof LocalResponse)
        && mayRetry(AttemptOutcome.RESPONSE, head.status().code())) {
      discarding = true;
      if (HttpUtil.getContentLength(head, -1L) != 0) {
        // The attempt's canceller reports through onError, which schedules the retry.
        ex.cancel(ABANDONED);
      }
      return;
    }
    passing = true;
    sink.onHead(head);
  }

  @Override
  public void onContent(HttpContent chunk) {
    if (ended || !discarding && !passing) {
      chunk.release();
      return;
    }
    if (discarding) {
      chunk.release();
      if (chunk instanceof LastHttpContent) {
        scheduleRetry();
      }
      return;
    }
    if (chunk instanceof LastHttpContent) {
      end();
    }
    sink.onContent(chunk);
  }

  @Override
  public void onError(Throwable cause) {
    if (ended) {
      return;
    }
    if (discarding && !givingUp(cause)) {
      scheduleRetry(); // the body of the answer being retried broke off: retry all the same
      return;
    }
    if (awaitingHead) {
      attemptEnded();
      AttemptOutcome outcome = outcome(Failure.classify(cause));
      if (outcome != null && !givingUp(cause) && mayRetry(outcome, 0)) {
        scheduleRetry();
        return;
      }
    }
    end();
    sink.onError(cause);
  }

  /** The exchange itself is over (client gone, whole-exchange timeout): no retry can help. */
  private boolean givingUp(Throwable cause) {
    return ex.isDone() || ex.isTimedOut() || Failure.classify(cause) == Failure.CLIENT_CLOSED;
  }

  private static AttemptOutcome outcome(Failure failure) {
    return switch (failure) {
      case CONNECT_FAILED, CONNECT_TIMEOUT -> AttemptOutcome.CONNECT_FAILURE;
      case UPSTREAM_RESET, UPSTREAM_PROTOCOL -> AttemptOutcome.RESET;
      case UPSTREAM_TIMEOUT -> AttemptOutcome.PER_TRY_TIMEOUT;
      default -> null; // overload, no endpoint, client gone, exchange timeouts: not retried
    };
  }

  /** The policy allows a retry and the budget has room (which is then held). */
  private boolean mayRetry(AttemptOutcome outcome, int status) {
    RetryDecision d =
        f.policy.decide(retriesDone, outcome, status, idempotent, ex.body().isReplayable(), false);
    if (!d.retry()) {
      return false;
    }
    if (!f.budget.tryAcquireRetry()) {
      f.rejections.reject(ex, RejectionReason.RETRY_BUDGET);
      return false;
    }
    holdsRetry = true;
    return true;
  }

  private void scheduleRetry() {
    discarding = false;
    retriesDone++;
    f.retries.increment();
    long delay = f.backoff.delayNanos(retriesDone);
    Future<?> pending = ex.schedule(this::retryNow, delay);
    ex.setCanceller(
        cause -> {
          pending.cancel(false);
          end();
          sink.onError(cause);
        });
  }

  private void retryNow() {
    if (ended || ex.isDone()) {
      end();
      return;
    }
    ex.setCanceller(null);
    attempt();
  }

  private void end() {
    if (ended) {
      return;
    }
    ended = true;
    attemptEnded();
    f.budget.onRequestEnd();
  }
}
