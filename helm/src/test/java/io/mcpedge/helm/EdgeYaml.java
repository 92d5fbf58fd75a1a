package io.mcpedge.helm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.mcpedge.core.config.ConfigException;
import io.mcpedge.core.config.ConfigLoader;
import io.mcpedge.core.config.Durations;
import io.mcpedge.core.config.EdgeConfig;
import io.mcpedge.core.config.HostPort;
import java.time.Duration;
import java.util.Map;

/** A rendered edge.yaml read by the proxy's own config loader, as {@code --config} reads it. */
final class EdgeYaml {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private EdgeYaml() {}

  /**
   * The file as a tree, for tests that look at a few keys of every rendering, including those with
   * keys this build of the proxy does not know yet; values are parsed as the loader does.
   */
  static JsonNode tree(String text) {
    try {
      return YAML.readTree(text);
    } catch (JsonProcessingException e) {
      throw new AssertionError("the rendered edge.yaml is not YAML: " + e.getMessage(), e);
    }
  }

  static HostPort address(String text, String jsonPointer) {
    return HostPort.parse(tree(text).at(jsonPointer).asText());
  }

  static Duration duration(String text, String jsonPointer, Duration absent) {
    JsonNode n = tree(text).at(jsonPointer);
    return n.isMissingNode() ? absent : Durations.parse(n.asText());
  }

  /**
   * The config the proxy would serve; an {@link AssertionError} listing every problem the loader
   * found otherwise.
   */
  static EdgeConfig load(String text, Map<String, String> env) {
    try {
      return ConfigLoader.parse(text, "edge.yaml", env);
    } catch (ConfigException e) {
      throw new AssertionError(
          "the proxy refuses the rendered edge.yaml:\n"
              + String.join("\n", e.problems())
              + "\n--- edge.yaml ---\n"
              + text);
    }
  }

  static EdgeConfig load(String text) {
    return load(text, Map.of());
  }
}
