package io.mcpedge.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code java -jar proxy.jar --check} on the edge.yaml of every rendering, with the JVM the pod
 * would run: the image's options, the container's JDK_JAVA_OPTIONS and its memory limit. So the
 * chart, the image and the binary agree, the proxy's heap check of the cache included.
 */
@Timeout(120)
class ConfigCheckIT {

  static Stream<String> renderings() {
    return Renderings.names();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renderings")
  void theProxyAcceptsEveryRenderingInThePodsJvm(String name, @TempDir Path dir) throws Exception {
    Rendered r =
        Chart.render(Renderings.valuesFile(name), RenderedConfigTest.withoutPendingKeys(name));
    Pod pod = pod(r, name);
    assertThat(check(r.edgeYaml(), pod, dir)).isEqualTo(new Result(0, "edge.yaml: OK"));
  }

  /**
   * Where the chart refuses a cache for the heap, the proxy refuses it too, and accepts the limit
   * the chart names.
   */
  @Test
  void theChartsHeapCheckIsTheProxys(@TempDir Path dir) throws Exception {
    Map<String, String> cache = Map.of("edge.cache.enabled", "true", "edge.cache.memorySize", "1G");
    assertThatThrownBy(() -> Chart.render(null, cache))
        .hasMessageContaining("raise limits.memory to at least 1531Mi");
    Rendered atLimit =
        Chart.render(
            null,
            Map.of(
                "edge.cache.enabled", "true",
                "edge.cache.memorySize", "1G",
                "edge.resources.limits.memory", "1531Mi"));
    assertThat(check(atLimit.edgeYaml(), pod(atLimit, "1531Mi"), dir).code()).isZero();
    Pod tooSmall = new Pod(1L << 30, pod(atLimit, "1Gi").jdkJavaOptions());
    Result refused = check(atLimit.edgeYaml(), tooSmall, dir);
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.output()).contains("cache.maxSize: 1000000000 (expected: at most");
  }

  /** The proxy accepts the TLS listener the edge example renders. */
  @Test
  void theProxyAcceptsTheEdgeExampleWithTls(@TempDir Path dir) throws Exception {
    Rendered r = Chart.render(Chart.EXAMPLES.resolve("edge.yaml"));
    assertThat(check(r.edgeYaml(), pod(r, "edge.yaml"), dir).code()).isZero();
  }

  /** The proxy accepts the tracing section an otel-enabled rendering gives it. */
  @Test
  void theProxyAcceptsAnOtelEnabledRendering(@TempDir Path dir) throws Exception {
    Rendered r = Chart.render(null, Map.of("edge.otel.enabled", "true"));
    assertThat(check(r.edgeYaml(), pod(r, "otel"), dir).code()).isZero();
  }

  /** The memory limit and JVM options of the proxy's container. */
  record Pod(long memoryLimit, String jdkJavaOptions) {}

  record Result(int code, String output) {}

  /**
   * The proxy's container in a rendering; in sidecar mode, where it belongs to the parent chart's
   * Deployment, the example's resources and the chart's default options.
   */
  static Pod pod(Rendered r, String name) throws Exception {
    if (r.all(Deployment.class).isEmpty()) {
      var values =
          new ObjectMapper(new YAMLFactory()).readTree(Chart.EXAMPLES.resolve(name).toFile());
      String memory = values.at("/edge/resources/limits/memory").asText();
      return new Pod(bytes(new Quantity(memory)), "-XX:MaxRAMPercentage=75");
    }
    Container c = ChartRenderTest.proxy(r.one(Deployment.class).getSpec().getTemplate().getSpec());
    return new Pod(
        bytes(c.getResources().getLimits().get("memory")),
        ChartRenderTest.env(c, "JDK_JAVA_OPTIONS"));
  }

  static Result check(String edgeYaml, Pod pod, Path dir) throws Exception {
    Path file = dir.resolve("edge.yaml");
    Files.writeString(file, edgeYaml);
    Path log = Files.createTempFile(dir, "check", ".log");
    Process p =
        ProxyJar.start(
            pod.memoryLimit(),
            Map.of("JDK_JAVA_OPTIONS", pod.jdkJavaOptions()),
            log,
            "--check",
            "--config",
            file.toString());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("--check ends").isTrue();
    String output = Files.readString(log);
    String last =
        output.lines().filter(l -> !l.startsWith("NOTE: Picked up")).reduce((a, b) -> b).orElse("");
    return new Result(p.exitValue(), p.exitValue() == 0 ? last.replace(dir + "/", "") : output);
  }

  static long bytes(Quantity q) {
    return Quantity.getAmountInBytes(q).longValueExact();
  }
}
