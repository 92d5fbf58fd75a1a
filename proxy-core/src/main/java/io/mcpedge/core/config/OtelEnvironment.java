package io.mcpedge.core.config;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The standard {@code OTEL_*} variables (OpenTelemetry SDK environment variable specification) that
 * the {@code observability.tracing} section falls back on, read from the environment map the loader
 * was given: only {@code Main} reads the process environment. Values are returned raw; the section
 * validates them and reports mistakes under the key they stand in for.
 */
final class OtelEnvironment {

  static final String SDK_DISABLED = "OTEL_SDK_DISABLED";
  static final String TRACES_EXPORTER = "OTEL_TRACES_EXPORTER";
  static final String ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";
  static final String TRACES_ENDPOINT = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";
  static final String PROTOCOL = "OTEL_EXPORTER_OTLP_PROTOCOL";
  static final String TRACES_PROTOCOL = "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL";
  static final String SAMPLER = "OTEL_TRACES_SAMPLER";
  static final String SAMPLER_ARG = "OTEL_TRACES_SAMPLER_ARG";
  static final String SERVICE_NAME = "OTEL_SERVICE_NAME";
  static final String RESOURCE_ATTRIBUTES = "OTEL_RESOURCE_ATTRIBUTES";
  static final String CERTIFICATE = "OTEL_EXPORTER_OTLP_CERTIFICATE";
  static final String TRACES_CERTIFICATE = "OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE";

  private final Map<String, String> env;

  OtelEnvironment(Map<String, String> env) {
    this.env = env;
  }

  /** The value of {@code name}, or {@code null} when unset or blank (the SDK's rule). */
  String get(String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  /** The first of {@code names} that is set, or {@code null}. */
  String first(String... names) {
    for (String n : names) {
      if (get(n) != null) {
        return n;
      }
    }
    return null;
  }

  /**
   * Whether the environment asks for OTLP trace export: an OTLP endpoint or {@code
   * OTEL_TRACES_EXPORTER=otlp}, unless {@code OTEL_SDK_DISABLED=true} or {@code
   * OTEL_TRACES_EXPORTER=none}.
   */
  boolean asksForTracing() {
    if ("true".equalsIgnoreCase(get(SDK_DISABLED))) {
      return false;
    }
    String exporter = get(TRACES_EXPORTER);
    if (exporter != null) {
      return exporter.contains("otlp");
    }
    return first(TRACES_ENDPOINT, ENDPOINT) != null;
  }

  /**
   * {@code OTEL_RESOURCE_ATTRIBUTES}: {@code key=value} pairs separated by commas, values
   * percent-decoded; malformed pairs are skipped, as the SDK does.
   */
  Map<String, String> resourceAttributes() {
    Map<String, String> out = new LinkedHashMap<>();
    String raw = get(RESOURCE_ATTRIBUTES);
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split(",")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String key = pair.substring(0, eq).trim();
      String value = pair.substring(eq + 1).trim();
      try {
        value = URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        continue;
      }
      if (!key.isEmpty()) {
        out.put(key, value);
      }
    }
    return out;
  }
}
