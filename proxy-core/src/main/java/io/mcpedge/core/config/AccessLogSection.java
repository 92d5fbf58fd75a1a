package io.mcpedge.core.config;

import io.mcpedge.core.config.ObservabilityConfig.AccessLogConfig;
import java.util.List;

/** Reads {@code observability.accessLog}: an off switch, a file instead of stdout, a ratio. */
final class AccessLogSection {

  static final List<String> KEYS = List.of("enabled", "path", "samplingRatio");

  private AccessLogSection() {}

  static AccessLogConfig read(Node node) {
    Fields f = Fields.of(node, "a mapping with keys " + KEYS, KEYS);
    AccessLogConfig d = AccessLogConfig.DEFAULT;
    String path = f.string("path", d.path());
    if (path != null && path.isBlank()) {
      f.child("path").problem("a file path (omit the key to log to stdout)");
      path = d.path();
    }
    return new AccessLogConfig(
        f.bool("enabled", d.enabled()), path, ratio(f.child("samplingRatio"), d.samplingRatio()));
  }

  /** A number from 0 to 1, written as a YAML number or given by an environment reference. */
  private static double ratio(Node n, double def) {
    if (!n.present()) {
      return def;
    }
    String expectation = "a number 0..1";
    Double v = null;
    if (n.isNumber()) {
      v = n.doubleValue();
    } else if (n.substituted()) {
      String t = n.text();
      if (t == null) {
        return def;
      }
      try {
        v = Double.valueOf(t);
      } catch (NumberFormatException e) {
        n.problemDetail(Node.quote(t) + " (expected: " + expectation + ")");
        return def;
      }
    }
    if (v == null || !(v >= 0 && v <= 1)) {
      n.problem(expectation);
      return def;
    }
    return v;
  }
}
