package io.mcpedge.core.config;

import static io.mcpedge.core.config.ConfigLoaderTest.MINIMAL;
import static io.mcpedge.core.config.ConfigLoaderTest.parse;
import static io.mcpedge.core.config.ConfigLoaderTest.problems;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpedge.core.config.ObservabilityConfig.OtlpProtocol;
import io.mcpedge.core.config.ObservabilityConfig.TracingConfig;
import java.net.URI;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code observability.tracing}: off by default; YAML keys win over the {@code OTEL_*} variables,
 * which fill the keys the YAML leaves unset; mistakes in either name the key's path.
 */
class TracingConfigTest {

  private static TracingConfig tracing(String yaml, Map<String, String> env)
      throws ConfigException {
    return ConfigLoader.parse(MINIMAL + yaml + "\n", "edge.yaml", env).observability().tracing();
  }

  @Test
  void offByDefault() throws ConfigException {
    assertThat(parse(MINIMAL).observability().tracing()).isEqualTo(TracingConfig.DEFAULT);
    assertThat(TracingConfig.DEFAULT.enabled()).isFalse();
    assertThat(tracing("observability: { tracing: {} }", Map.of()))
        .isEqualTo(TracingConfig.DEFAULT);
  }

  @Test
  void everyKey() throws ConfigException {
    TracingConfig t =
        tracing(
            """
            observability:
              tracing:
                enabled: true
                endpoint: http://otel-collector:4318
                protocol: http/protobuf
                samplingRatio: 0.25
                serviceName: edge-eu
                resourceAttributes: { deployment.environment: prod, k8s.pod.name: edge-0 }
            """,
            Map.of());
    assertThat(t)
        .isEqualTo(
            new TracingConfig(
                true,
                URI.create("http://otel-collector:4318/v1/traces"),
                OtlpProtocol.HTTP_PROTOBUF,
                0.25,
                "edge-eu",
                Map.of("deployment.environment", "prod", "k8s.pod.name", "edge-0"),
                null));
  }

  @Test
  void grpcTakesTheCollectorsBaseUrl() throws ConfigException {
    TracingConfig t =
        tracing(
            "observability: { tracing: { enabled: true, endpoint: 'http://otel-collector:4317' } }",
            Map.of());
    assertThat(t.protocol()).isEqualTo(OtlpProtocol.GRPC);
    assertThat(t.endpoint()).isEqualTo(URI.create("http://otel-collector:4317/"));
    assertThat(t.samplingRatio()).isEqualTo(1.0);
  }

  @Test
  void anHttpEndpointWithAPathIsUsedAsItIs() throws ConfigException {
    TracingConfig t =
        tracing(
            "observability: { tracing: { protocol: http/protobuf, endpoint: 'https://c:443/otlp/t' } }",
            Map.of());
    assertThat(t.endpoint()).isEqualTo(URI.create("https://c:443/otlp/t"));
  }

  @Test
  void theEnvironmentFillsWhatTheYamlLeavesUnset() throws ConfigException {
    Map<String, String> env =
        Map.of(
            "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/base",
            "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
            "OTEL_TRACES_SAMPLER", "parentbased_traceidratio",
            "OTEL_TRACES_SAMPLER_ARG", "0.01",
            "OTEL_SERVICE_NAME", "from-env",
            "OTEL_RESOURCE_ATTRIBUTES", "a=1,b=x%20y,bad");
    TracingConfig t = tracing("", env);
    assertThat(t)
        .isEqualTo(
            new TracingConfig(
                true,
                URI.create("http://collector:4318/base/v1/traces"),
                OtlpProtocol.HTTP_PROTOBUF,
                0.01,
                "from-env",
                Map.of("a", "1", "b", "x y"),
                null));
  }

  @Test
  void explicitYamlWinsOverTheEnvironment() throws ConfigException {
    Map<String, String> env =
        Map.of(
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://env:4317",
            "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf",
            "OTEL_TRACES_SAMPLER_ARG", "0.5",
            "OTEL_SERVICE_NAME", "from-env",
            "OTEL_RESOURCE_ATTRIBUTES", "a=env,b=env");
    TracingConfig t =
        tracing(
            """
            observability:
              tracing:
                enabled: false
                endpoint: http://yaml:4317
                protocol: grpc
                samplingRatio: 1
                serviceName: from-yaml
                resourceAttributes: { a: yaml }
            """,
            env);
    assertThat(t)
        .isEqualTo(
            new TracingConfig(
                false,
                URI.create("http://yaml:4317/"),
                OtlpProtocol.GRPC,
                1.0,
                "from-yaml",
                Map.of("a", "yaml", "b", "env"),
                null));
  }

  static Stream<Arguments> environmentSwitches() {
    return Stream.of(
        Arguments.of(Map.of(), false),
        Arguments.of(Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://c:4317"), true),
        Arguments.of(Map.of("OTEL_TRACES_EXPORTER", "otlp"), true),
        Arguments.of(
            Map.of("OTEL_TRACES_EXPORTER", "none", "OTEL_EXPORTER_OTLP_ENDPOINT", "x"), false),
        Arguments.of(
            Map.of("OTEL_SDK_DISABLED", "true", "OTEL_EXPORTER_OTLP_ENDPOINT", "http://c"), false),
        Arguments.of(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "   "), false));
  }

  @ParameterizedTest
  @MethodSource("environmentSwitches")
  void theEnvironmentTurnsTracingOnWhenTheYamlIsSilent(Map<String, String> env, boolean on)
      throws ConfigException {
    Map<String, String> e = new java.util.HashMap<>(env);
    e.replaceAll((k, v) -> k.endsWith("ENDPOINT") && v.equals("x") ? "http://c:4317" : v);
    assertThat(tracing("", e).enabled()).isEqualTo(on);
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of(
            "observability: { tracing: { ratio: 1 } }",
            Map.of(),
            "edge.yaml: observability.tracing.ratio: unknown key (expected: one of [enabled,"
                + " endpoint, protocol, samplingRatio, serviceName, resourceAttributes,"
                + " caFile])"),
        Arguments.of(
            "observability: { tracing: { caFile: /no/such/ca.crt } }",
            Map.of(),
            "edge.yaml: observability.tracing.caFile: \"/no/such/ca.crt\" (expected: a readable"
                + " PEM file of CA certificates)"),
        Arguments.of(
            "",
            Map.of("OTEL_EXPORTER_OTLP_CERTIFICATE", "/no/such/ca.crt"),
            "edge.yaml: observability.tracing.caFile: \"/no/such/ca.crt\" from"
                + " OTEL_EXPORTER_OTLP_CERTIFICATE (expected: a readable PEM file of CA"
                + " certificates)"),
        Arguments.of(
            "observability: { tracing: { samplingRatio: 1.5 } }",
            Map.of(),
            "edge.yaml: observability.tracing.samplingRatio: 1.5 (expected: a number 0..1)"),
        Arguments.of(
            "observability: { tracing: { samplingRatio: '0.5' } }",
            Map.of(),
            "edge.yaml: observability.tracing.samplingRatio: \"0.5\" (expected: a number 0..1)"),
        Arguments.of(
            "observability: { tracing: { protocol: http } }",
            Map.of(),
            "edge.yaml: observability.tracing.protocol: \"http\" (expected: one of [grpc,"
                + " http/protobuf])"),
        Arguments.of(
            "observability: { tracing: { endpoint: 'otel-collector:4317' } }",
            Map.of(),
            "edge.yaml: observability.tracing.endpoint: \"otel-collector:4317\" (expected: an"
                + " http:// or https:// URL with a host and no query (grpc: no path))"),
        Arguments.of(
            "observability: { tracing: { endpoint: 'http://c:4317/v1/traces' } }",
            Map.of(),
            "edge.yaml: observability.tracing.endpoint: \"http://c:4317/v1/traces\" (expected: an"
                + " http:// or https:// URL with a host and no query (grpc: no path))"),
        Arguments.of(
            "observability: { tracing: { resourceAttributes: { a: 1 } } }",
            Map.of(),
            "edge.yaml: observability.tracing.resourceAttributes.a: 1 (expected: a string)"),
        Arguments.of(
            "observability: { tracing: { resourceAttributes: [a] } }",
            Map.of(),
            "edge.yaml: observability.tracing.resourceAttributes: a list (expected: a mapping of"
                + " attribute names to strings)"),
        Arguments.of(
            "",
            Map.of("OTEL_TRACES_SAMPLER_ARG", "lots"),
            "edge.yaml: observability.tracing.samplingRatio: \"lots\" from OTEL_TRACES_SAMPLER_ARG"
                + " (expected: a number 0..1)"),
        Arguments.of(
            "",
            Map.of("OTEL_TRACES_SAMPLER", "jaeger_remote"),
            "edge.yaml: observability.tracing.samplingRatio: \"jaeger_remote\" from"
                + " OTEL_TRACES_SAMPLER (expected: always_on, always_off or traceidratio,"
                + " parent-based or not)"),
        Arguments.of(
            "",
            Map.of("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json"),
            "edge.yaml: observability.tracing.protocol: \"http/json\" from"
                + " OTEL_EXPORTER_OTLP_PROTOCOL (expected: one of [grpc, http/protobuf])"));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void mistakesNameTheirPath(String yaml, Map<String, String> env, String problem) {
    assertThat(problems(MINIMAL + yaml + "\n", env)).containsExactly(problem);
  }
}
