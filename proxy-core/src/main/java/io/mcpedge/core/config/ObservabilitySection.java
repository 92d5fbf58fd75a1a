package io.mcpedge.core.config;

import java.util.List;

/** Reads the {@code observability} section of edge.yaml. */
final class ObservabilitySection {

  static final List<String> KEYS = List.of("metrics", "accessLog", "tracing");
  static final List<String> METRICS_KEYS = List.of("enabled");

  private ObservabilitySection() {}

  static ObservabilityConfig read(Node node) {
    Fields f = Fields.of(node, "a mapping with keys " + KEYS, KEYS);
    Fields metrics =
        Fields.of(f.child("metrics"), "a mapping with keys " + METRICS_KEYS, METRICS_KEYS);
    return new ObservabilityConfig(
        new ObservabilityConfig.MetricsConfig(
            metrics.bool("enabled", ObservabilityConfig.MetricsConfig.DEFAULT.enabled())),
        AccessLogSection.read(f.child("accessLog")),
        TracingSection.read(f.child("tracing")));
  }
}
