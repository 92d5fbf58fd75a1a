package io.mcpedge.server.accesslog;

import io.mcpedge.core.config.ObservabilityConfig.AccessLogConfig;
import io.mcpedge.core.policy.Randomness;
import io.mcpedge.server.codec.UriRedaction;
import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.exchange.ExchangeObserver;
import io.mcpedge.server.exchange.ExchangeRecord;
import io.mcpedge.server.mcp.McpCall;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.FileOutputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.random.RandomGenerator;

/**
 * The JSON access log ({@code observability.accessLog}): one line per downstream exchange, taken
 * from the exchange and its {@link ExchangeRecord} when it ends, and written off the event loop by
 * an {@link AccessLogWriter}. On the event loop it costs a sampling draw (only when the ratio is
 * below 1), one {@link AccessLogLine} and a lock-free enqueue; the redacted query is copied only
 * when the request has one.
 *
 * <p>No header is ever read, so {@code Authorization}, cookies and the configured credential header
 * cannot reach the log; the query's {@code token} and {@code access_token} values are masked by
 * {@link UriRedaction}. A credential a client puts in a path segment is logged as sent.
 */
public final class AccessLog implements ExchangeObserver, AutoCloseable {

  /** The counter of dropped lines (Prometheus: {@code mcp_edge_access_log_dropped_lines_total}). */
  static final String DROPPED = "mcp_edge.access_log.dropped_lines";

  private final AccessLogWriter writer;
  private final InstantSource clock;
  private final RandomGenerator random;
  private final double ratio;

  AccessLog(AccessLogWriter writer, double ratio, InstantSource clock, RandomGenerator random) {
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
    ExchangeRecord r = ex.record();
    long start = ex.startNanos();
    long head = r.upstreamHeadNanos();
    McpCall mcp = ex.get(McpCall.KEY);
    writer.offer(
        new AccessLogLine(
            clock.millis(),
            ex.routeName(),
            ex.request().method().name(),
            target(ex),
            ex.protocol() == Exchange.Protocol.HTTP_2 ? "HTTP/2" : "HTTP/1.1",
            status,
            r.bytesIn(),
            r.bytesOut(),
            ex.nanoTime() - start,
            head < 0 ? -1 : head - start,
            r.upstreamEndpoint(),
            r.attempts(),
            r.cacheResult(),
            r.rejection(),
            r.traceId(),
            ex.clientAddressText(),
            ex.connectionId(),
            mcp == null ? null : mcp.method(),
            mcp == null ? null : mcp.name() != null ? mcp.name() : mcp.uri()));
  }

  /** The path as routed, and the query with its credentials masked; no copy without a query. */
  static String target(Exchange ex) {
    String uri = ex.request().uri();
    String path = ex.head().path();
    int q = uri.indexOf('?');
    return q < 0 ? path : UriRedaction.redact(path + uri.substring(q));
  }

  /** Lines dropped because the writer could not keep up (for tests and metrics). */
  public long dropped() {
    return writer.dropped();
  }

  /** Lines written (for tests). */
  public long written() {
    return writer.written();
  }

  /** Writes what is queued and stops the writer thread. */
  @Override
  public void close() {
    writer.close();
  }
}
