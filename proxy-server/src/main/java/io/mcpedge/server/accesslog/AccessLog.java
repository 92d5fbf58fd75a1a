package io.mcpedge.server.accesslog;

import io.mcpedge.core.config.ObservabilityConfig.AccessLogConfig;
import io.mcpedge.core.policy.Randomness;
import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.exchange.ExchangeObserver;
import io.mcpedge.server.exchange.ExchangeRecord;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import java.io.FileOutputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.random.RandomGenerator;

/**
 * The JSON access log ({@code observability.accessLog}): one line per downstream exchange, taken
 * from the exchange and its {@link ExchangeRecord} when it ends, formatted on the event loop into
 * that loop's buffer ({@link LoopLines}) and written off the event loop by an {@link
 * AccessLogWriter}. On the event loop it costs a sampling draw (only when the ratio is below 1) and
 * the formatting, and no allocation; the redacted query is copied only when the request has one. An
 * exchange that ends off its event loop (the sinks that end exchanges run on their channel's loop,
 * so none is known to) is formatted into a buffer of its own.
 *
 * <p>No header is ever read, so {@code Authorization}, cookies and the configured credential header
 * cannot reach the log; the query's {@code token} and {@code access_token} values are masked by
 * {@link io.mcpedge.server.codec.UriRedaction}. A credential a client puts in a path segment is
 * logged as sent.
 */
public final class AccessLog implements ExchangeObserver, AutoCloseable {

  /** The counter of dropped lines (Prometheus: {@code mcp_edge_access_log_dropped_lines_total}). */
  static final String DROPPED = "mcp_edge.access_log.dropped_lines";

  /** How long {@link #close()} waits for a loop, and for the writer. */
  private static final long CLOSE_MILLIS = 2000;

  private final AccessLogWriter writer;
  private final InstantSource clock;
  private final RandomGenerator random;
  private final double ratio;

  /** Each event loop's lines, created on the loop's first line. */
  private final FastThreadLocal<LoopLines> loopLines = new FastThreadLocal<>();

  /** Every loop's lines, for {@link #close()}. */
  private final Queue<LoopLines> allLoopLines = new ConcurrentLinkedQueue<>();

  private final long flushNanos;

  AccessLog(AccessLogWriter writer, double ratio, InstantSource clock, RandomGenerator random) {
    this(writer, ratio, clock, random, LoopLines.FLUSH_NANOS);
  }

  /**
   * @param flushNanos how long a loop's first line waits before its buffer is handed over (tests
   *     set it)
   */
  AccessLog(
      AccessLogWriter writer,
      double ratio,
      InstantSource clock,
      RandomGenerator random,
      long flushNanos) {
    this.flushNanos = flushNanos;
    this.writer = writer;
    this.ratio = ratio;
    this.clock = clock;
    this.random = random;
  }

  /**
   * The access log of {@code config}, its writer thread started; {@code null} when it is off.
   *
   * @param registry where the count of dropped lines is exported, or {@code null} (metrics off)
   * @throws IllegalArgumentException when the configured file's directory does not exist
   */
  public static AccessLog start(
      AccessLogConfig config, InstantSource clock, MeterRegistry registry) {
    if (!config.enabled()) {
      return null;
    }
    String problem = problem(config);
    if (problem != null) {
      throw new IllegalArgumentException("observability.accessLog.path: " + problem);
    }
    AccessLogWriter writer;
    if (config.path() == null) {
      writer =
          // System.out rather than its file descriptor: whoever redirected it (a test harness)
          // keeps it. Only the writer thread uses it, so its lock is never contended.
          new AccessLogWriter(() -> System.out, false, AccessLogWriter.DEFAULT_CAPACITY);
    } else {
      Path file = Path.of(config.path()).toAbsolutePath();
      writer =
          new AccessLogWriter(
              () -> new FileOutputStream(file.toFile(), true),
              true,
              AccessLogWriter.DEFAULT_CAPACITY);
    }
    AccessLog log = new AccessLog(writer, config.samplingRatio(), clock, Randomness.threadLocal());
    if (registry != null) {
      FunctionCounter.builder(DROPPED, writer, AccessLogWriter::dropped)
          .description(
              "Access-log lines dropped: the output was slower than the traffic, or failed")
          .register(registry);
    }
    return log;
  }

  /**
   * What is wrong with the configured file, as {@code value (expected: ...)}, or {@code null}: a
   * missing directory is reported when the config is checked, not when the first line is written.
   */
  public static String problem(AccessLogConfig config) {
    if (!config.enabled() || config.path() == null) {
      return null;
    }
    Path file;
    try {
      file = Path.of(config.path()).toAbsolutePath();
    } catch (InvalidPathException e) {
      return "\"" + config.path() + "\" (expected: a file path; " + e.getReason() + ")";
    }
    Path dir = file.getParent();
    if (dir == null || !Files.isDirectory(dir) || Files.isDirectory(file)) {
      return "\"" + config.path() + "\" (expected: a file in an existing directory)";
    }
    return null;
  }

  @Override
  public void exchangeEnded(Exchange ex, int status) {
    if (ratio < 1 && !(random.nextDouble() < ratio)) {
      return;
    }
    EventExecutor loop = ex.eventLoop();
    if (loop.inEventLoop()) {
      linesOf(loop).append(ex, status, clock.millis());
    } else {
      offLoop(new ExchangeLine().of(ex, status, clock.millis()));
    }
  }

  /** Logs {@code line}, formatted on {@code loop} when called there (for tests). */
  void append(EventExecutor loop, LineFields line) {
    if (loop.inEventLoop()) {
      linesOf(loop).append(line);
    } else {
      offLoop(line);
    }
  }

  private LoopLines linesOf(EventExecutor loop) {
    LoopLines lines = loopLines.getIfExists();
    if (lines == null) {
      lines = new LoopLines(loop, writer, flushNanos);
      loopLines.set(lines);
      allLoopLines.add(lines);
    }
    return lines;
  }

  /** A line formatted away from any loop's buffer and handed over on its own. */
  private void offLoop(LineFields line) {
    LineBuffer b = new LineBuffer(512);
    new AccessLogFormat().append(line, b);
    writer.offer(b);
  }

  /** Lines dropped because the writer could not keep up (for tests and metrics). */
  public long dropped() {
    return writer.dropped();
  }

  /** Lines written (for tests). */
  public long written() {
    return writer.written();
  }

  /**
   * Hands over what the event loops hold, writes what is queued and stops the writer thread. Runs
   * after the loops have shut down (a flush scheduled on a loop does not run then), or while they
   * still run; waits at most {@link #CLOSE_MILLIS} for each.
   */
  @Override
  public void close() {
    for (LoopLines lines : allLoopLines) {
      lines.drain(CLOSE_MILLIS);
    }
    writer.close(CLOSE_MILLIS);
  }
}
