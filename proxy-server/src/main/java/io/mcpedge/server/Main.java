package io.mcpedge.server;

import io.mcpedge.cache.DirectBudget;
import io.mcpedge.cache.HeapBudget;
import io.mcpedge.core.config.CacheConfig;
import io.mcpedge.core.config.CacheStorage;
import io.mcpedge.core.config.ConfigException;
import io.mcpedge.core.config.ConfigLoader;
import io.mcpedge.core.config.EdgeConfig;
import io.mcpedge.core.policy.Randomness;
import io.mcpedge.server.accesslog.AccessLog;
import io.mcpedge.server.channel.Transport;
import io.mcpedge.server.reload.ConfigWatcher;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.internal.PlatformDependent;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The command line: {@code java -jar proxy.jar [--config edge.yaml] [--check]
 * [--print-default-config] [--version]}. The only place that reads the environment, system
 * properties and the heap limit; everything below receives them through constructors.
 */
@Command(
    name = "mcp-edge",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersion.class,
    description = "Caching reverse proxy for MCP gateways.")
public final class Main implements Callable<Integer> {

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "edge.yaml to serve; without it the built-in default config is used")
  Path config;

  @Option(names = "--check", description = "validate the config, print every problem, and exit")
  boolean check;

  @Option(names = "--print-default-config", description = "print the built-in default config")
  boolean printDefault;

  @Option(
      names = "--no-watch",
      description =
          "do not reload when the --config file changes (SIGHUP and POST /reload still reload)")
  boolean noWatch;

  private final Map<String, String> env;
  private final PrintWriter out;
  private final PrintWriter err;
  private final long maxHeap;
  private final long maxDirect;

  /**
   * @param maxHeap the heap limit the cache must fit in, {@code Runtime.maxMemory()}
   */
  Main(Map<String, String> env, PrintWriter out, PrintWriter err, long maxHeap) {
    this(env, out, err, maxHeap, PlatformDependent.maxDirectMemory());
  }

  /**
   * @param maxDirect the direct-memory limit bodies with {@code cache.storage: direct} must fit in
   *     (Netty's, which follows {@code -XX:MaxDirectMemorySize})
   */
  Main(Map<String, String> env, PrintWriter out, PrintWriter err, long maxHeap, long maxDirect) {
    this.env = env;
    this.out = out;
    this.err = err;
    this.maxHeap = maxHeap;
    this.maxDirect = maxDirect;
  }

  public static void main(String[] args) {
    nettyDefaults();
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int code =
        new CommandLine(new Main(System.getenv(), out, err, Runtime.getRuntime().maxMemory()))
            .execute(args);
    System.exit(code);
  }

  /**
   * Netty settings of this process, unless the command line sets them (so they must run before any
   * Netty class loads). Object recycling is off: JFR showed each return to a recycler pool asking
   * the JVM for the owning thread's state (about 6% of the CPU samples under the benchmark's HTTP/2
   * load). Turning it off costs an allocation per pooled buffer instead; A/B runs of the benchmark
   * (pass-through, cache hits, HTTP/2) put the net gain at 0-4%, within the machine's noise.
   */
  static void nettyDefaults() {
    System.getProperties().putIfAbsent("io.netty.recycler.maxCapacityPerThread", "0");
  }

  @Override
  public Integer call() throws Exception {
    if (printDefault) {
      out.print(ConfigLoader.defaultConfigText());
      out.flush();
      return 0;
    }
    EdgeConfig cfg;
    String source = config == null ? "built-in default config" : config.toString();
    try {
      cfg = load();
    } catch (ConfigException e) {
      for (String p : e.problems()) {
        err.println(p);
      }
      err.println(source + ": " + e.problems().size() + " problem(s); not serving");
      err.flush();
      return 1;
    }
    if (check) {
      out.println(source + ": OK");
      out.flush();
      return 0;
    }
    return serve(cfg);
  }

  /** Loads and checks the config, at start and on every reload. */
  private EdgeConfig load() throws ConfigException {
    EdgeConfig cfg =
        config == null ? ConfigLoader.loadDefault(env) : ConfigLoader.load(config, env);
    String file = config == null ? ConfigLoader.DEFAULT_NAME : config.toString();
    heapProblems(cfg.cache(), file);
    accessLogProblems(cfg, file);
    return cfg;
  }

  /**
   * Refuses a store the heap cannot hold beside the proxy's working memory ({@link HeapBudget}): it
   * would not take the process down at once, but after enough distinct answers. With bodies in
   * direct memory, the bodies are checked against the direct-memory limit ({@link DirectBudget})
   * and the heap against its share of the store.
   */
  private void heapProblems(CacheConfig cache, String file) throws ConfigException {
    long maxSize = cache.maxSize().bytes();
    long maxObject = cache.maxObjectSize().bytes();
    HeapBudget heap = new HeapBudget(maxHeap, maxObject);
    String problem = heap.problem(maxSize);
    if (cache.storage() == CacheStorage.DIRECT) {
      // Bodies go to direct memory; the heap keeps the rest (HeapBudget#directProblem).
      problem = new DirectBudget(maxDirect, maxObject).problem(maxSize);
      problem = problem != null ? problem : heap.directProblem(maxSize);
    }
    if (problem != null) {
      throw new ConfigException(
          List.of(
              file
                  + ": cache.maxSize: "
                  + HeapBudget.size(maxSize)
                  + " (expected: "
                  + problem
                  + ")"));
    }
  }

  /** Refuses an access-log file whose directory does not exist, before anything is bound. */
  private static void accessLogProblems(EdgeConfig cfg, String file) throws ConfigException {
    String problem = AccessLog.problem(cfg.observability().accessLog());
    if (problem != null) {
      throw new ConfigException(List.of(file + ": observability.accessLog.path: " + problem));
    }
  }

  /**
   * Netty samples buffers for leaks by default, which costs on every sampled allocation; the proxy
   * is leak-tested in its test suite (paranoid level), so in production detection is off unless the
   * operator asks for it with {@code -Dio.netty.leakDetection.level}.
   */
  private static void defaultLeakDetectionOff() {
    if (System.getProperty("io.netty.leakDetection.level") == null
        && System.getProperty("io.netty.leakDetectionLevel") == null) {
      ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
    }
  }

  /**
   * Serves until SIGTERM or SIGINT, then drains; 0 after a drain, 2 when a port cannot be bound.
   * Reloads the config on SIGHUP and, with {@code --config} and without {@code --no-watch}, when
   * the file changes (docs/reload.md).
   */
  private int serve(EdgeConfig cfg) throws InterruptedException {
    defaultLeakDetectionOff();
    Transport transport = Transport.select(Boolean.getBoolean("mcpedge.transport.nio"));
    EdgeServer server =
        new EdgeServer(
            cfg,
            transport,
            System::nanoTime,
            InstantSource.system(),
            Randomness.threadLocal(),
            this::load);
    CountDownLatch stop = new CountDownLatch(1);
    Signal.handle(new Signal("TERM"), s -> stop.countDown());
    Signal.handle(new Signal("INT"), s -> stop.countDown());
    // Before the ports are bound: a SIGHUP sent as soon as the proxy answers must reload it, not
    // meet the JVM's default action (which stops the process).
    onHangup(() -> server.reloader().reload("SIGHUP"));
    ConfigWatcher watcher = null;
    try {
      try {
        server.start();
      } catch (Exception e) {
        err.println("cannot start: " + e);
        err.flush();
        return 2;
      }
      watcher = watch(server);
      stop.await();
      server.drain();
    } finally {
      if (watcher != null) {
        watcher.close();
      }
      server.close();
    }
    return 0;
  }

  /** SIGHUP runs {@code reload}, where the platform has the signal (not on Windows). */
  private void onHangup(Runnable reload) {
    try {
      SignalHandler before = Signal.handle(new Signal("HUP"), s -> reload.run());
      if (before == SignalHandler.SIG_IGN) {
        // Ignored when the process started (nohup, some supervisors): the JVM keeps it ignored.
        err.println(
            "SIGHUP is ignored by this process (started under nohup?): reload with POST /reload"
                + " or by changing the --config file instead");
        err.flush();
      }
    } catch (IllegalArgumentException e) {
      err.println("SIGHUP is not available here: reload with POST /reload instead");
      err.flush();
    }
  }

  private ConfigWatcher watch(EdgeServer server) {
    if (config == null || noWatch) {
      return null;
    }
    try {
      return ConfigWatcher.start(
          config, ConfigWatcher.DEBOUNCE, () -> server.reloader().reload("file"));
    } catch (IOException e) {
      err.println("cannot watch " + config + " (" + e + "): reload with SIGHUP or POST /reload");
      err.flush();
      return null;
    }
  }
}
