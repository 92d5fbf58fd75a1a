package io.mcpedge.server.exchange;

import io.mcpedge.core.config.TimeoutsConfig;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A route's {@code request} timeout (the whole exchange, or a stream's lifetime) and {@code idle}
 * timeout (no bytes either way), scheduled on the exchange's event loop. The idle timer is not
 * rescheduled per byte: traffic only records a time, and the timer re-arms itself for the rest.
 */
final class ExchangeTimers {

  private final Exchange ex;
  private final LongSupplier nanoTime;
  private final long idleNanos;
  private Future<?> requestTimer;
  private Future<?> idleTimer;
  private long lastActivity;
  private boolean fired;
  private boolean stopped;

  private ExchangeTimers(Exchange ex, LongSupplier nanoTime, long idleNanos) {
    this.ex = ex;
    this.nanoTime = nanoTime;
    this.idleNanos = idleNanos;
    this.lastActivity = nanoTime.getAsLong();
  }

  /** Starts the configured timers; {@code null} when the route has none. */
  static ExchangeTimers start(Exchange ex, TimeoutsConfig timeouts, LongSupplier nanoTime) {
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
    ExchangeTimers t = new ExchangeTimers(ex, nanoTime, hasIdle ? idle.toNanos() : 0);
    if (hasRequest) {
      t.requestTimer =
          ex.eventLoop()
              .schedule(
                  () -> t.expire(Failure.REQUEST_TIMEOUT, req),
                  req.toNanos(),
                  TimeUnit.NANOSECONDS);
    }
    if (hasIdle) {
      t.idleTimer = ex.eventLoop().schedule(t::checkIdle, t.idleNanos, TimeUnit.NANOSECONDS);
    }
    return t;
  }

  void touch() {
    if (idleNanos != 0) {
      lastActivity = nanoTime.getAsLong();
    }
  }

  boolean fired() {
    return fired;
  }

  void stop() {
    stopped = true;
    if (requestTimer != null) {
      requestTimer.cancel(false);
    }
    if (idleTimer != null) {
      idleTimer.cancel(false);
    }
  }

  private void checkIdle() {
    if (stopped) {
      return;
    }
    long quiet = nanoTime.getAsLong() - lastActivity;
    if (quiet >= idleNanos) {
      expire(Failure.IDLE_TIMEOUT, Duration.ofNanos(idleNanos));
    } else {
      idleTimer = ex.eventLoop().schedule(this::checkIdle, idleNanos - quiet, TimeUnit.NANOSECONDS);
    }
  }

  private void expire(Failure failure, Duration after) {
    if (stopped) {
      return;
    }
    fired = true;
    ex.cancel(new ProxyException(failure, "after " + after));
  }
}
