package io.mcpedge.server.exchange;

import io.mcpedge.core.config.TimeoutsConfig;
import io.mcpedge.server.time.Scheduler;
import java.time.Duration;

/**
 * A route's {@code request} timeout (the whole exchange, or a stream's lifetime) and {@code idle}
 * timeout (no bytes either way). Nothing is scheduled per exchange or per byte: the exchange
 * records deadlines and traffic times, and a {@link DeadlineTimer} (shared by the exchanges of a
 * connection) checks them and re-arms itself for the rest.
 */
final class ExchangeTimers implements DeadlineTimer.Owner {

  private final Exchange ex;
  private final Scheduler scheduler;
  private final DeadlineTimer timer;
  private final boolean ownTimer;
  private final Duration request;
  private final boolean hasRequest;
  private final long requestDeadline;
  private final long idleNanos;
  private long lastActivity;
  private boolean fired;
  private boolean stopped;

  private ExchangeTimers(
      Exchange ex,
      Scheduler scheduler,
      DeadlineTimer timer,
      boolean ownTimer,
      Duration request,
      long idleNanos) {
    this.ex = ex;
    this.scheduler = scheduler;
    this.timer = timer;
    this.ownTimer = ownTimer;
    this.request = request;
    long now = scheduler.getAsLong();
    this.hasRequest = request != null;
    this.requestDeadline = hasRequest ? now + request.toNanos() : 0;
    this.idleNanos = idleNanos;
    this.lastActivity = now;
  }

  /**
   * Starts the configured timers on {@code timer}, or on a timer of their own when it is {@code
   * null}; {@code null} when the route has none.
   */
  static ExchangeTimers start(
      Exchange ex, TimeoutsConfig timeouts, Scheduler scheduler, DeadlineTimer timer) {
    if (timeouts == null) {
      return null;
    }
    Duration req = timeouts.request();
    Duration idle = timeouts.idle();
    boolean hasRequest = req != null && !req.isZero();
    boolean hasIdle = idle != null && !idle.isZero();
    if (!hasRequest && !hasIdle) {
      return null;
    }
    boolean own = timer == null;
    ExchangeTimers t =
        new ExchangeTimers(
            ex,
            scheduler,
            own ? new DeadlineTimer(ex.eventLoop(), scheduler) : timer,
            own,
            hasRequest ? req : null,
            hasIdle ? idle.toNanos() : 0);
    t.timer.add(t, t.nextDeadline());
    return t;
  }

  void touch() {
    if (idleNanos != 0) {
      lastActivity = scheduler.getAsLong();
    }
  }

  boolean fired() {
    return fired;
  }

  void stop() {
    stopped = true;
    if (ownTimer) {
      timer.cancel();
    } else {
      timer.release(this);
    }
  }

  private long nextDeadline() {
    if (idleNanos == 0) {
      return requestDeadline;
    }
    long idleDeadline = lastActivity + idleNanos;
    return hasRequest && requestDeadline - idleDeadline < 0 ? requestDeadline : idleDeadline;
  }

  @Override
  public void checkDeadlines() {
    if (stopped) {
      return;
    }
    long now = scheduler.getAsLong();
    if (hasRequest && now - requestDeadline >= 0) {
      expire(Failure.REQUEST_TIMEOUT, request);
    } else if (idleNanos != 0 && now - lastActivity >= idleNanos) {
      expire(Failure.IDLE_TIMEOUT, Duration.ofNanos(idleNanos));
    } else {
      timer.arm(nextDeadline());
    }
  }

  private void expire(Failure failure, Duration after) {
    fired = true;
    ex.cancel(new ProxyException(failure, "after " + after));
  }
}
