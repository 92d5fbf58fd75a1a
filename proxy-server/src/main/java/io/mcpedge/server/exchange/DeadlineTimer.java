package io.mcpedge.server.exchange;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One scheduled check that successive exchanges of a connection share, so that an exchange does not
 * schedule and cancel timers of its own: an exchange only records its deadline, and the check, when
 * it runs, asks the current owner whether a deadline has passed and when to look again. A check
 * whose owner has gone runs once for nothing. The same scheme as Netty's {@code IdleStateHandler}.
 * Confined to one event loop.
 */
public final class DeadlineTimer {

  /** The holder of the timer: checks its deadlines and re-arms the timer when none has passed. */
  interface Owner {
    void checkDeadlines();
  }

  private final EventExecutor loop;
  private final LongSupplier nanoTime;
  private final Runnable fire = this::fire;
  private Owner owner;
  private Future<?> pending;
  private long pendingAt;

  /**
   * @param nanoTime the clock of the owners' deadlines
   */
  public DeadlineTimer(EventExecutor loop, LongSupplier nanoTime) {
    this.loop = loop;
    this.nanoTime = nanoTime;
  }

  /** Makes sure that {@code o}'s {@link Owner#checkDeadlines} runs at or after {@code deadline}. */
  void arm(Owner o, long deadline) {
    owner = o;
    if (pending != null) {
      if (pendingAt - deadline <= 0) {
        return; // the earlier check re-arms for the rest
      }
      pending.cancel(false);
    }
    pendingAt = deadline;
    pending =
        loop.schedule(fire, Math.max(deadline - nanoTime.getAsLong(), 0), TimeUnit.NANOSECONDS);
  }

  /** {@code o} no longer needs checks; a pending one stays, to serve the next owner. */
  void release(Owner o) {
    if (owner == o) {
      owner = null;
    }
  }

  /** Cancels the pending check, for good: the connection is gone. */
  public void cancel() {
    owner = null;
    if (pending != null) {
      pending.cancel(false);
      pending = null;
    }
  }

  private void fire() {
    pending = null;
    Owner o = owner;
    if (o != null) {
      o.checkDeadlines();
    }
  }
}
