package io.mcpedge.server.exchange;

import io.mcpedge.server.time.Scheduler;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.util.Arrays;

/**
 * One scheduled check that the exchanges of a connection share, so that an exchange does not
 * schedule and cancel timers of its own: an exchange only records its deadlines, and the check,
 * when it runs, asks each current owner whether a deadline has passed; each owner that has one left
 * re-arms the check for it. The same scheme as Netty's {@code IdleStateHandler}, for several
 * owners: the successive exchanges of an HTTP/1.1 connection, or the concurrent streams of an
 * HTTP/2 connection (at most its {@code maxConcurrentStreams}, so the linear scans here stay
 * short). A check whose owners have all gone runs once for nothing. Confined to one event loop.
 */
public final class DeadlineTimer {

  /** A holder of deadlines: checks them, and re-arms the timer for the next one it still has. */
  interface Owner {
    void checkDeadlines();
  }

  private final EventExecutor loop;
  private final Scheduler scheduler;
  private final Runnable fire = this::fire;
  private Owner[] owners = new Owner[1];
  private int count;
  private Owner[] firing;
  private Future<?> pending;
  private long pendingAt;

  /**
   * @param scheduler the clock of the owners' deadlines, which also runs the check
   */
  public DeadlineTimer(EventExecutor loop, Scheduler scheduler) {
    this.loop = loop;
    this.scheduler = scheduler;
  }

  /** Adds {@code o}, not yet an owner, and makes sure that a check runs at {@code deadline}. */
  void add(Owner o, long deadline) {
    if (count == owners.length) {
      owners = Arrays.copyOf(owners, count * 2);
    }
    owners[count++] = o;
    arm(deadline);
  }

  /** Makes sure that a check of the owners runs at or after {@code deadline}. */
  void arm(long deadline) {
    if (pending != null) {
      if (pendingAt - deadline <= 0) {
        return; // the earlier check re-arms for the rest
      }
      pending.cancel(false);
    }
    pendingAt = deadline;
    pending = scheduler.schedule(loop, fire, Math.max(deadline - scheduler.getAsLong(), 0));
  }

  /** {@code o} no longer needs checks; a pending one stays, to serve the other or next owners. */
  void release(Owner o) {
    for (int i = count - 1; i >= 0; i--) {
      if (owners[i] == o) {
        owners[i] = owners[--count];
        owners[count] = null;
        return;
      }
    }
  }

  /** The current number of owners (for tests). */
  int owners() {
    return count;
  }

  /** Cancels the pending check, for good: the connection is gone. */
  public void cancel() {
    Arrays.fill(owners, 0, count, null);
    count = 0;
    if (pending != null) {
      pending.cancel(false);
      pending = null;
    }
  }

  private void fire() {
    pending = null;
    int n = count;
    if (n == 0) {
      return;
    }
    // Checks may expire exchanges, which release their owners, so they run on a copy.
    Owner[] batch = firing != null && firing.length >= n ? firing : new Owner[owners.length];
    firing = null;
    System.arraycopy(owners, 0, batch, 0, n);
    try {
      for (int i = 0; i < n; i++) {
        Owner o = batch[i];
        batch[i] = null;
        o.checkDeadlines(); // a released owner returns at once; it was stopped first
      }
    } finally {
      Arrays.fill(batch, 0, n, null);
      firing = batch;
    }
  }
}
