package io.mcpedge.core.config;

import java.net.URI;
import java.util.Map;

/**
 * What the proxy tells about itself: the {@code observability} section of edge.yaml. Metrics, the
 * access log and tracing: one section says what leaves the process.
 *
 * @param metrics the Prometheus metrics of the admin listener
 * @param accessLog the JSON access log, one line per exchange
 * @param tracing the OpenTelemetry spans exported over OTLP
 */
public record ObservabilityConfig(
    MetricsConfig metrics, AccessLogConfig accessLog, TracingConfig tracing) {

  /** Everything at its default: metrics on, access log on (stdout), tracing off. */
  public static final ObservabilityConfig DEFAULT =
      new ObservabilityConfig(
          MetricsConfig.DEFAULT, AccessLogConfig.DEFAULT, TracingConfig.DEFAULT);

  /** The given metrics, everything else at its default. */
  public ObservabilityConfig(MetricsConfig metrics) {
    this(metrics, AccessLogConfig.DEFAULT, TracingConfig.DEFAULT);
  }

  /** The given metrics and access log, tracing at its default (off). */
  public ObservabilityConfig(MetricsConfig metrics, AccessLogConfig accessLog) {
    this(metrics, accessLog, TracingConfig.DEFAULT);
  }

  /** The given metrics and tracing, the access log at its default. */
  public ObservabilityConfig(MetricsConfig metrics, TracingConfig tracing) {
    this(metrics, AccessLogConfig.DEFAULT, tracing);
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

  /** How spans travel to the collector (the OTLP exporter's transport). */
  public enum OtlpProtocol {
    /** OTLP/gRPC, unary {@code TraceService/Export} over HTTP/2 (a collector's port 4317). */
    GRPC,
    /** OTLP/HTTP, {@code POST /v1/traces} with a protobuf body (a collector's port 4318). */
    HTTP_PROTOBUF
  }

  /**
   * OpenTelemetry tracing: one server span per exchange, a span per cache lookup and per upstream
   * attempt, W3C trace context propagated to the upstream. Values the YAML leaves unset come from
   * the standard {@code OTEL_*} environment variables, then from these defaults.
   *
   * @param enabled when false no SDK exists and the client's trace headers pass through untouched
   * @param endpoint where spans are exported: the full {@code /v1/traces} URL for {@code
   *     http/protobuf}, the collector's base URL for {@code grpc}
   * @param protocol the exporter's transport
   * @param samplingRatio the share of new traces recorded, 0..1; a trace the client already started
   *     keeps the client's decision (parent-based sampling)
   * @param serviceName the {@code service.name} resource attribute
   * @param resourceAttributes more resource attributes ({@code deployment.environment}, ...)
   * @param caFile a PEM bundle an {@code https://} collector's certificate is verified against
   *     instead of the JVM's trust store (an in-cluster collector with a private CA), or {@code
   *     null}
   */
  public record TracingConfig(
      boolean enabled,
      URI endpoint,
      OtlpProtocol protocol,
      double samplingRatio,
      String serviceName,
      Map<String, String> resourceAttributes,
      String caFile) {

    public static final String DEFAULT_SERVICE_NAME = "mcp-edge";

    public static final TracingConfig DEFAULT =
        new TracingConfig(
            false,
            URI.create("http://localhost:4317/"),
            OtlpProtocol.GRPC,
            1.0,
            DEFAULT_SERVICE_NAME,
            Map.of(),
            null);

    public TracingConfig {
      resourceAttributes = Map.copyOf(resourceAttributes);
    }
  }
}
