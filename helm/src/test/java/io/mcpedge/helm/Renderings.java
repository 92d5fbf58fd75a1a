package io.mcpedge.helm;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The renderings every chart test looks at: the default values and each example, rendered once per
 * test class (Helm takes about 2.5 s a rendering).
 */
final class Renderings {

  /** The name of the rendering of the chart's own defaults. */
  static final String DEFAULTS = "default values";

  private final Map<String, Rendered> byName = new LinkedHashMap<>();

  /** Names: {@link #DEFAULTS} and the example files (edge.yaml, gateway.yaml, sidecar.yaml). */
  static Stream<String> names() {
    return Stream.concat(
        Stream.of(DEFAULTS), Chart.examples().stream().map(p -> p.getFileName().toString()));
  }

  static Path valuesFile(String name) {
    return name.equals(DEFAULTS) ? null : Chart.EXAMPLES.resolve(name);
  }

  Rendered get(String name) {
    return byName.computeIfAbsent(name, n -> Chart.render(valuesFile(n)));
  }
}
