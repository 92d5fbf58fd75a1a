package io.mcpedge.core.config;

/**
 * What the proxy tells about itself: the {@code observability} section of edge.yaml. Metrics now;
 * tracing and access logs belong here too, so that one section says what leaves the process.
 *
 * @param metrics the Prometheus metrics of the admin listener
 */
public record ObservabilityConfig(MetricsConfig metrics) {

  /** Everything at its default: metrics on. */
  public static final ObservabilityConfig DEFAULT = new ObservabilityConfig(MetricsConfig.DEFAULT);

  /**
   * The meter registry and its exposition on the admin listener ({@code GET /metrics} and {@code
   * GET /stats/prometheus}).
   *
   * @param enabled when false no registry exists, nothing is measured and both paths answer 404
   */
  public record MetricsConfig(boolean enabled) {

    public static final MetricsConfig DEFAULT = new MetricsConfig(true);
  }
}
