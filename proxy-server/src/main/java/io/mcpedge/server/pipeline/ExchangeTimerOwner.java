package io.mcpedge.server.pipeline;

import io.mcpedge.server.exchange.DeadlineTimer;
import io.mcpedge.server.time.Scheduler;
import io.netty.channel.EventLoop;

/**
 * Who owns the deadline timer that a driver's exchanges run on. One exchange at a time on an
 * HTTP/1.1 connection: its exchanges share one timer, the driver's own, cancelled when the
 * connection or the driver ends. An HTTP/2 stream's exchange shares its connection's timer with the
 * other streams: the connection owns and cancels it, never the stream.
 */
final class ExchangeTimerOwner {

  private final DeadlineTimer timer;
  private final boolean owned;

  private ExchangeTimerOwner(DeadlineTimer timer, boolean owned) {
    this.timer = timer;
    this.owned = owned;
  }

  /**
   * @param shared the connection's timer of an HTTP/2 stream, or {@code null} for a timer of the
   *     driver's own on {@code loop}
   */
  static ExchangeTimerOwner of(DeadlineTimer shared, EventLoop loop, Scheduler scheduler) {
    return shared != null
        ? new ExchangeTimerOwner(shared, false)
        : new ExchangeTimerOwner(new DeadlineTimer(loop, scheduler), true);
  }

  DeadlineTimer timer() {
    return timer;
  }

  /** Cancels the timer's deadlines when the driver owns it; a shared timer is left alone. */
  void cancelIfOwned() {
    if (owned) {
      timer.cancel();
    }
  }
}
