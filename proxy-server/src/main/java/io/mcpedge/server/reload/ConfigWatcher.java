package io.mcpedge.server.reload;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the config file and calls back when its content has changed, on a thread of its own.
 *
 * <p>It watches the file's directory, not the file: a Kubernetes ConfigMap volume mounts {@code
 * edge.yaml} as a symlink to {@code ..data/edge.yaml}, where {@code ..data} is itself a symlink to
 * a timestamped directory that the kubelet replaces with an atomic rename; the file itself never
 * changes, so only the directory sees events. Editors that write a temporary file and rename it
 * over the original behave the same way. Every burst of events is debounced (the callback runs once
 * the directory has been quiet for the debounce period), and the callback runs only when the
 * SHA-256 of the content (read through the symlinks) differs from the last one seen, so a touch, a
 * swap to identical content or the events of unrelated files cause no reload.
 */
public final class ConfigWatcher implements AutoCloseable {

  /** Quiet time after the last event before the file is read; a ConfigMap swap takes a few ms. */
  public static final Duration DEBOUNCE = Duration.ofMillis(250);

  private static final Logger log = LoggerFactory.getLogger(ConfigWatcher.class);

  private final Path file;
  private final Duration debounce;
  private final Runnable onChange;
  private final WatchService watch;
  private final Thread thread;
  private byte[] lastHash;
  private volatile int bursts;

  private ConfigWatcher(Path file, Duration debounce, Runnable onChange) throws IOException {
    this.file = file.toAbsolutePath();
    this.debounce = debounce;
    this.onChange = onChange;
    this.lastHash = hash();
    this.watch = FileSystems.getDefault().newWatchService();
    this.file
        .getParent()
        .register(
            watch,
            StandardWatchEventKinds.ENTRY_CREATE,
            StandardWatchEventKinds.ENTRY_MODIFY,
            StandardWatchEventKinds.ENTRY_DELETE);
    this.thread = new Thread(this::run, "edge-config-watch");
    thread.setDaemon(true);
  }

  /**
   * Starts watching {@code file}.
   *
   * @param onChange called on the watcher's thread after each change of the content
   */
  public static ConfigWatcher start(Path file, Duration debounce, Runnable onChange)
      throws IOException {
    ConfigWatcher w = new ConfigWatcher(file, debounce, onChange);
    w.thread.start();
    log.info("watching {} for changes", w.file);
    return w;
  }

  private void run() {
    try {
      while (true) {
        drain(watch.take());
        WatchKey more;
        while ((more = watch.poll(debounce.toMillis(), TimeUnit.MILLISECONDS)) != null) {
          drain(more);
        }
        byte[] now = hash();
        if (now != null && !Arrays.equals(now, lastHash)) {
          lastHash = now;
          onChange.run();
        }
        bursts++;
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // closed: the process is stopping
    }
  }

  /** Bursts of events examined so far, whether the content changed or not (for tests). */
  public int bursts() {
    return bursts;
  }

  private static void drain(WatchKey key) {
    key.pollEvents();
    key.reset();
  }

  /** The SHA-256 of the file's content, or {@code null} while it cannot be read (mid-swap). */
  private byte[] hash() {
    try {
      return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
    } catch (IOException e) {
      log.debug("cannot read {}: {}", file, e.toString());
      return null;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  @Override
  public void close() {
    try {
      watch.close();
    } catch (IOException e) {
      log.debug("closing the watch service of {}: {}", file, e.toString());
    }
    thread.interrupt();
  }
}
