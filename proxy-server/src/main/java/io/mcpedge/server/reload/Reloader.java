package io.mcpedge.server.reload;

import io.mcpedge.core.config.ConfigException;
import io.mcpedge.core.config.EdgeConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the config when asked (a file change, {@code SIGHUP}, {@code POST /reload}): loads and
 * validates it from its {@link ConfigSource}, applies a valid one to its {@link ReloadTarget}, and
 * keeps the {@link ReloadStatus} and the {@code edge_config_reloads_total{result}} counter. Reloads
 * run one at a time on a thread of their own, never on an event loop, in the order asked; a refused
 * config changes nothing but the status.
 */
public final class Reloader implements AutoCloseable {

  /** The counter of reloads by {@code result} ({@code success}, {@code failure}). */
  public static final String RELOADS = "edge.config.reloads";

  /** The generation of the config serving now. */
  public static final String GENERATION = "edge.config.generation";

  private static final Logger log = LoggerFactory.getLogger(Reloader.class);

  private final ConfigSource source;
  private final ReloadTarget target;
  private final InstantSource clock;
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(new DefaultThreadFactory("edge-reload", true));
  private final Counter successes;
  private final Counter failures;
  private volatile ReloadStatus status;

  /**
   * @param registry where the reload counter goes, or {@code null} when metrics are off
   */
  public Reloader(
      ConfigSource source, ReloadTarget target, InstantSource clock, MeterRegistry registry) {
    this.source = source;
    this.target = target;
    this.clock = clock;
    this.status = ReloadStatus.started(clock.instant());
    if (registry != null) {
      successes = counter(registry, "success");
      failures = counter(registry, "failure");
      Gauge.builder(GENERATION, this, r -> r.status.generation())
          .description("Generation of the config serving now: 1 at start, +1 per reload applied")
          .register(registry);
    } else {
      successes = null;
      failures = null;
    }
  }

  private static Counter counter(MeterRegistry registry, String result) {
    return Counter.builder(RELOADS)
        .description("Config reloads, by result (a failure leaves the old config serving)")
        .tag("result", result)
        .register(registry);
  }

  /** The outcome of the last reload. */
  public ReloadStatus status() {
    return status;
  }

  /**
   * Reloads on the reload thread.
   *
   * @param trigger what asked, for the log and the status ({@code file}, {@code SIGHUP}, {@code
   *     admin})
   * @return the status after this reload (completed on the reload thread)
   */
  public CompletableFuture<ReloadStatus> reload(String trigger) {
    try {
      return CompletableFuture.supplyAsync(() -> run(trigger), thread);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.completedFuture(status); // closing: the process is stopping
    }
  }

  private ReloadStatus run(String trigger) {
    List<String> problems;
    try {
      EdgeConfig next = source.load();
      List<String> warnings = target.apply(next);
      status = status.succeeded(clock.instant(), trigger, warnings);
      count(successes);
      log.info("config reloaded ({}): generation {}", trigger, status.generation());
      for (String w : warnings) {
        log.warn("config reload ({}): {}", trigger, w);
      }
      return status;
    } catch (ConfigException e) {
      problems = e.problems();
    } catch (Exception e) {
      log.error("config reload ({}) failed", trigger, e);
      problems = List.of("cannot apply the config: " + e);
    }
    status = status.failed(clock.instant(), trigger, problems);
    count(failures);
    for (String p : problems) {
      log.warn("config reload ({}) refused: {}", trigger, p);
    }
    log.warn(
        "config reload ({}): {} problem(s); generation {} keeps serving",
        trigger,
        problems.size(),
        status.generation());
    return status;
  }

  private static void count(Counter c) {
    if (c != null) {
      c.increment();
    }
  }

  /** Stops the reload thread; a reload in progress is interrupted. */
  @Override
  public void close() {
    thread.shutdownNow();
  }
}
