package io.mcpedge.server.pipeline;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the protocol errors clients cause (HTTP/2 connection errors, undecodable frames) as one line
 * each, without a stack trace, and at most one line per interval: the first error of an interval is
 * logged, the others are counted, and the count is logged with the first error of the next
 * interval. A client that provokes errors on purpose then costs the log two lines a minute, not
 * thirty lines per connection (Netty logs an unhandled exception with its whole trace). One per
 * server, shared by its connections on every event loop; lock-free.
 */
public final class ClientErrorLog {

  private static final Logger log = LoggerFactory.getLogger(ClientErrorLog.class);

  private final LongSupplier clock;
  private final long intervalNanos;
  private final AtomicLong intervalStart;
  private final AtomicLong suppressed = new AtomicLong();

  /**
   * @param clock the proxy's nanosecond clock
   * @param intervalNanos how long after a logged error further ones are only counted
   */
  public ClientErrorLog(LongSupplier clock, long intervalNanos) {
    this.clock = clock;
    this.intervalNanos = intervalNanos;
    this.intervalStart = new AtomicLong(clock.getAsLong() - intervalNanos);
  }

  /** Reports one error of the client on connection {@code connectionId}. */
  public void report(String connectionId, Throwable cause) {
    long now = clock.getAsLong();
    long start = intervalStart.get();
    if (now - start < intervalNanos || !intervalStart.compareAndSet(start, now)) {
      suppressed.incrementAndGet();
      return;
    }
    long more = suppressed.getAndSet(0);
    if (more > 0) {
      log.info(
          "{} more client protocol errors in the last {}s (not logged one by one)",
          more,
          (now - start) / 1_000_000_000L);
    }
    log.info("{} client protocol error, connection closed: {}", connectionId, describe(cause));
  }

  private static String describe(Throwable cause) {
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
