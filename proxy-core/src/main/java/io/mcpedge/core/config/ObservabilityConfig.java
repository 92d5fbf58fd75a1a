package io.mcpedge.core.config;

/**
 * What the proxy tells about itself: the {@code observability} section of edge.yaml. Metrics now;
 * tracing and access logs belong here too, so that one section says what leaves the process.
 *
 * @param metrics the Prometheus metrics of the admin listener
 * @param accessLog the JSON access log, one line per exchange
 */
public record ObservabilityConfig(MetricsConfig metrics, AccessLogConfig accessLog) {

  /** Everything at its default: metrics on, access log on (stdout). */
  public static final ObservabilityConfig DEFAULT =
      new ObservabilityConfig(MetricsConfig.DEFAULT, AccessLogConfig.DEFAULT);

  /** The given metrics, everything else at its default. */
  public ObservabilityConfig(MetricsConfig metrics) {
    this(metrics, AccessLogConfig.DEFAULT);
  }

  /**
   * The meter registry and its exposition on the admin listener ({@code GET /metrics} and {@code
   * GET /stats/prometheus}).
   *
   * @param enabled when false no registry exists, nothing is measured and both paths answer 404
   */
  public record MetricsConfig(boolean enabled) {

    public static final MetricsConfig DEFAULT = new MetricsConfig(true);
  }

  /**
   * The access log: one JSON object per line for every downstream exchange, written by a thread of
   * its own so that a slow disk never holds an event loop.
   *
   * @param enabled when false nothing is recorded or written
   * @param path the file lines are appended to, or {@code null} for standard output
   * @param samplingRatio the share of exchanges logged, 0..1 (1 logs every exchange)
   */
  public record AccessLogConfig(boolean enabled, String path, double samplingRatio) {

    public static final AccessLogConfig DEFAULT = new AccessLogConfig(true, null, 1.0);

    public AccessLogConfig {
      if (!(samplingRatio >= 0 && samplingRatio <= 1)) {
        throw new IllegalArgumentException(
            "samplingRatio: " + samplingRatio + " (expected: a number 0..1)");
      }
    }
  }
}
