package io.mcpedge.core.config;

import io.mcpedge.core.config.ObservabilityConfig.OtlpProtocol;
import io.mcpedge.core.config.ObservabilityConfig.TracingConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code observability.tracing}. A key the YAML sets wins; a key it leaves unset comes from
 * the standard {@code OTEL_*} variable for it (see {@link OtelEnvironment}), then from the default.
 * This is the rule of the OpenTelemetry SDK's own file configuration: the file is what the operator
 * wrote on purpose, the environment a fallback. A bad variable is reported under the key it stands
 * in for, naming the variable.
 */
final class TracingSection {

  static final List<String> KEYS =
      List.of(
          "enabled",
          "endpoint",
          "protocol",
          "samplingRatio",
          "serviceName",
          "resourceAttributes",
          "caFile");

  private static final String RATIO = "a number 0..1";
  private static final String CA_FILE = "a readable PEM file of CA certificates";
  private static final String URL =
      "an http:// or https:// URL with a host and no query (grpc: no path)";

  private TracingSection() {}

  static TracingConfig read(Node node) {
    Fields f = Fields.of(node, "a mapping with keys " + KEYS, KEYS);
    OtelEnvironment env = new OtelEnvironment(node.problems().env());
    TracingConfig d = TracingConfig.DEFAULT;
    boolean enabled = f.has("enabled") ? f.bool("enabled", false) : env.asksForTracing();
    OtlpProtocol protocol = protocol(f, env);
    URI endpoint = endpoint(f, env, protocol);
    double ratio = ratio(f, env);
    String serviceName = f.string("serviceName", null);
    if (serviceName == null) {
      String v = env.get(OtelEnvironment.SERVICE_NAME);
      serviceName = v != null ? v : d.serviceName();
    }
    Map<String, String> attributes = env.resourceAttributes();
    attributes.putAll(attributes(f.child("resourceAttributes")));
    return new TracingConfig(
        enabled, endpoint, protocol, ratio, serviceName, attributes, caFile(f, env));
  }

  /**
   * {@code caFile}, else {@code OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE} or {@code
   * OTEL_EXPORTER_OTLP_CERTIFICATE}: a readable PEM file, checked when the config is loaded.
   */
  private static String caFile(Fields f, OtelEnvironment env) {
    Node node = f.child("caFile");
    String var = null;
    String path;
    if (f.has("caFile")) {
      path = f.string("caFile", null);
    } else {
      var = env.first(OtelEnvironment.TRACES_CERTIFICATE, OtelEnvironment.CERTIFICATE);
      path = var == null ? null : env.get(var);
    }
    if (path == null) {
      return null;
    }
    if (!Files.isReadable(Path.of(path))) {
      if (var == null) {
        node.problem(CA_FILE);
      } else {
        fromEnv(node, var, env, CA_FILE);
      }
      return null;
    }
    return path;
  }

  private static OtlpProtocol protocol(Fields f, OtelEnvironment env) {
    if (f.has("protocol")) {
      return f.choice("protocol", TracingConfig.DEFAULT.protocol(), Spelling.OTLP_PROTOCOL);
    }
    String var = env.first(OtelEnvironment.TRACES_PROTOCOL, OtelEnvironment.PROTOCOL);
    if (var == null) {
      return TracingConfig.DEFAULT.protocol();
    }
    OtlpProtocol p = Spelling.OTLP_PROTOCOL.valueOf(env.get(var));
    if (p == null) {
      fromEnv(f.child("protocol"), var, env, "one of " + Spelling.OTLP_PROTOCOL.names());
      return TracingConfig.DEFAULT.protocol();
    }
    return p;
  }

  /**
   * The URL spans go to. For {@code http/protobuf}, a base URL (no path, as {@code
   * OTEL_EXPORTER_OTLP_ENDPOINT} always is) gets {@code /v1/traces}; a YAML URL with a path and
   * {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} are used as they are.
   */
  private static URI endpoint(Fields f, OtelEnvironment env, OtlpProtocol protocol) {
    boolean http = protocol == OtlpProtocol.HTTP_PROTOBUF;
    Node node = f.child("endpoint");
    String raw;
    String var = null;
    if (f.has("endpoint")) {
      raw = f.string("endpoint", null);
    } else {
      var = env.first(OtelEnvironment.TRACES_ENDPOINT, OtelEnvironment.ENDPOINT);
      raw = var == null ? (http ? "http://localhost:4318" : "http://localhost:4317") : env.get(var);
    }
    if (raw == null) {
      return TracingConfig.DEFAULT.endpoint();
    }
    URI uri = parse(raw);
    String path = uri == null ? "" : uri.getRawPath() == null ? "" : uri.getRawPath();
    boolean bare = path.isEmpty() || path.equals("/");
    if (uri == null || (!http && !bare)) {
      if (var == null) {
        node.problem(URL);
      } else {
        fromEnv(node, var, env, URL);
      }
      return TracingConfig.DEFAULT.endpoint();
    }
    if (!http) {
      return uri.resolve("/");
    }
    if (OtelEnvironment.ENDPOINT.equals(var)) {
      return URI.create(uri + (path.endsWith("/") ? "" : "/") + "v1/traces");
    }
    return bare ? uri.resolve("/v1/traces") : uri;
  }

  private static URI parse(String raw) {
    try {
      URI uri = new URI(raw);
      String scheme = uri.getScheme();
      boolean ok =
          ("http".equals(scheme) || "https".equals(scheme))
              && uri.getHost() != null
              && uri.getRawQuery() == null
              && uri.getRawFragment() == null
              && uri.getRawUserInfo() == null;
      return ok ? uri : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /**
   * {@code samplingRatio}, else {@code OTEL_TRACES_SAMPLER} (the {@code always_on}, {@code
   * always_off} and {@code traceidratio} samplers, parent-based or not: the proxy is always
   * parent-based) with {@code OTEL_TRACES_SAMPLER_ARG}.
   */
  private static double ratio(Fields f, OtelEnvironment env) {
    double def = TracingConfig.DEFAULT.samplingRatio();
    Node node = f.child("samplingRatio");
    if (f.has("samplingRatio")) {
      Double r = ratio(node.isNumber() ? node.doubleValue() : text(node));
      if (r == null) {
        node.problem(RATIO);
        return def;
      }
      return r;
    }
    String sampler = env.get(OtelEnvironment.SAMPLER);
    if (sampler != null) {
      switch (sampler.replace("parentbased_", "")) {
        case "always_on":
          return 1.0;
        case "always_off":
          return 0.0;
        case "traceidratio":
          break;
        default:
          fromEnv(
              node,
              OtelEnvironment.SAMPLER,
              env,
              "always_on, always_off or traceidratio, parent-based or not");
          return def;
      }
    }
    String arg = env.get(OtelEnvironment.SAMPLER_ARG);
    if (arg == null) {
      return def;
    }
    Double r = ratio(arg);
    if (r == null) {
      fromEnv(node, OtelEnvironment.SAMPLER_ARG, env, RATIO);
      return def;
    }
    return r;
  }

  private static Object text(Node node) {
    return node.substituted() ? node.text() : null;
  }

  private static Double ratio(Object v) {
    double d;
    if (v instanceof Double n) {
      d = n;
    } else if (v instanceof String s) {
      try {
        d = Double.parseDouble(s);
      } catch (NumberFormatException e) {
        return null;
      }
    } else {
      return null;
    }
    return d >= 0 && d <= 1 ? d : null;
  }

  private static Map<String, String> attributes(Node node) {
    Map<String, String> out = new LinkedHashMap<>();
    if (!node.present()) {
      return out;
    }
    List<String> keys = node.keys();
    if (!node.mapping("a mapping of attribute names to strings", keys)) {
      return out;
    }
    for (String key : keys) {
      String value = Scalars.string(node.child(key));
      if (value != null) {
        out.put(key, value);
      }
    }
    return out;
  }

  private static void fromEnv(Node node, String var, OtelEnvironment env, String expectation) {
    node.problemDetail(
        Node.quote(env.get(var)) + " from " + var + " (expected: " + expectation + ")");
  }
}
