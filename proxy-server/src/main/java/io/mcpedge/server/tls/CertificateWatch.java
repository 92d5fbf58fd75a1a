package io.mcpedge.server.tls;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that re-reads the certificate files of every TLS listener (every {@code
 * watchInterval}) and rotates their session-ticket keys (every {@code sessionTicketKeyRotation}).
 * Polling the files' content rather than watching the directory works the same for an in-place
 * write, a Kubernetes Secret's symlink swap and a bind mount, costs a few small reads per interval,
 * and keeps file I/O off the event loops.
 */
public final class CertificateWatch implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CertificateWatch.class);

  private final List<ServerTls> listeners;
  private ScheduledExecutorService thread;

  public CertificateWatch(List<ServerTls> listeners) {
    this.listeners = new ArrayList<>(listeners);
  }

  /** Starts the checks; does nothing without TLS listeners. */
  public void start() {
    if (listeners.isEmpty()) {
      return;
    }
    thread = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("edge-tls", true));
    for (ServerTls t : listeners) {
      long check = t.config().watchInterval().toMillis();
      thread.scheduleWithFixedDelay(guarded(t::check), check, check, TimeUnit.MILLISECONDS);
      long rotate = t.config().sessionTicketKeyRotation().toMillis();
      thread.scheduleAtFixedRate(
          guarded(t::rotateTicketKeys), rotate, rotate, TimeUnit.MILLISECONDS);
    }
  }

  /** A task that throws would never run again: log and carry on instead. */
  private static Runnable guarded(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        log.error("certificate watch: {}", e.toString(), e);
      }
    };
  }

  @Override
  public void close() {
    if (thread != null) {
      thread.shutdownNow();
    }
  }
}
