package io.mcpedge.core.config;

import static io.mcpedge.core.config.ConfigLoaderTest.MINIMAL;
import static io.mcpedge.core.config.ConfigLoaderTest.parse;
import static io.mcpedge.core.config.ConfigLoaderTest.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@code observability} section: metrics are on unless turned off; mistakes name the path. */
class ObservabilityConfigTest {

  @Test
  void metricsAreOnByDefault() throws ConfigException {
    assertThat(parse(MINIMAL).observability()).isEqualTo(ObservabilityConfig.DEFAULT);
    assertThat(parse(MINIMAL).observability().metrics().enabled()).isTrue();
    assertThat(parse(MINIMAL + "observability: {}\n").observability())
        .isEqualTo(ObservabilityConfig.DEFAULT);
    assertThat(parse(MINIMAL + "observability: { metrics: {} }\n").observability())
        .isEqualTo(ObservabilityConfig.DEFAULT);
  }

  @Test
  void metricsCanBeTurnedOff() throws ConfigException {
    EdgeConfig c = parse(MINIMAL + "observability: { metrics: { enabled: false } }\n");
    assertThat(c.observability().metrics().enabled()).isFalse();
  }

  @Test
  void anEnvironmentReferenceMayTurnThemOff() throws ConfigException {
    EdgeConfig c =
        ConfigLoader.parse(
            MINIMAL + "observability: { metrics: { enabled: \"${EDGE_METRICS}\" } }\n",
            "edge.yaml",
            Map.of("EDGE_METRICS", "false"));
    assertThat(c.observability().metrics().enabled()).isFalse();
  }

  @Test
  void theAccessLogIsOnToStdoutByDefault() throws ConfigException {
    ObservabilityConfig.AccessLogConfig a = parse(MINIMAL).observability().accessLog();
    assertThat(a.enabled()).isTrue();
    assertThat(a.path()).isNull();
    assertThat(a.samplingRatio()).isEqualTo(1.0);
  }

  @Test
  void theAccessLogTakesAPathARatioAndAnOffSwitch() throws ConfigException {
    EdgeConfig c =
        ConfigLoader.parse(
            MINIMAL
                + "observability:\n  accessLog:\n    enabled: false\n    path: /var/log/edge.log\n"
                + "    samplingRatio: \"${EDGE_RATIO}\"\n",
            "edge.yaml",
            Map.of("EDGE_RATIO", "0.25"));
    assertThat(c.observability().accessLog())
        .isEqualTo(new ObservabilityConfig.AccessLogConfig(false, "/var/log/edge.log", 0.25));
    assertThat(
            parse(MINIMAL + "observability: { accessLog: { samplingRatio: 0 } }\n")
                .observability()
                .accessLog()
                .samplingRatio())
        .isZero();
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of(
            "observability: { traces: {} }",
            "edge.yaml: observability.traces: unknown key (expected: one of [metrics, accessLog,"
                + " tracing])"),
        Arguments.of(
            "observability: { metrics: { enable: false } }",
            "edge.yaml: observability.metrics.enable: unknown key (expected: one of [enabled])"),
        Arguments.of(
            "observability: { metrics: { enabled: 1 } }",
            "edge.yaml: observability.metrics.enabled: 1 (expected: true or false)"),
        Arguments.of(
            "observability: { metrics: true }",
            "edge.yaml: observability.metrics: true (expected: a mapping with keys [enabled])"),
        Arguments.of(
            "observability: []",
            "edge.yaml: observability: a list (expected: a mapping with keys [metrics, accessLog,"
                + " tracing])"),
        Arguments.of(
            "observability: { accessLog: { samplingRatio: 1.5 } }",
            "edge.yaml: observability.accessLog.samplingRatio: 1.5 (expected: a number 0..1)"),
        Arguments.of(
            "observability: { accessLog: { samplingRatio: \"half\" } }",
            "edge.yaml: observability.accessLog.samplingRatio: \"half\" (expected: a number 0..1)"),
        Arguments.of(
            "observability: { accessLog: { path: \"\" } }",
            "edge.yaml: observability.accessLog.path: \"\" (expected: a file path (omit the key"
                + " to log to stdout))"),
        Arguments.of(
            "observability: { accessLog: { file: access.log } }",
            "edge.yaml: observability.accessLog.file: unknown key (expected: one of [enabled, path,"
                + " samplingRatio])"));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void mistakesNameTheirPath(String yaml, String problem) {
    assertThat(problems(MINIMAL + yaml + "\n", Map.of())).containsExactly(problem);
  }
}
