package io.mcpedge.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The chart under test, rendered and linted by a real Helm engine (helm-java bundles Helm as a
 * native library, so no {@code helm} binary is needed). Each call costs about 2.5 s.
 */
final class Chart {

  /** The chart, relative to the helm module (the working directory of its tests). */
  static final Path DIR = Path.of("mcp-edge");

  /** The example values files, one per mode. */
  static final Path EXAMPLES = Path.of("examples");

  static final String RELEASE = "demo";
  static final String NAMESPACE = "mcp";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Chart() {}

  /** The values files of the examples, sorted by name. */
  static List<Path> examples() {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Renders the chart with an optional values file and {@code --set} pairs.
   *
   * @throws IllegalStateException with Helm's message when rendering fails (schema, {@code fail})
   */
  static Rendered render(Path valuesFile, Map<String, String> sets) {
    TemplateCommand t = new Helm(DIR).template().withName(RELEASE).withNamespace(NAMESPACE);
    if (valuesFile != null) {
      t = t.withValuesFile(valuesFile.toAbsolutePath());
    }
    for (Map.Entry<String, String> set : sets.entrySet()) {
      t = t.set(set.getKey(), set.getValue());
    }
    return Rendered.parse(t.call());
  }

  static Rendered render(Path valuesFile) {
    return render(valuesFile, Map.of());
  }

  /**
   * {@code helm lint --strict} of the chart with {@code valuesFile} (or its defaults). helm-java's
   * lint takes no values file, so the chart is copied to {@code work} with the file merged over its
   * own values.yaml, which is what {@code helm lint -f} lints as well.
   */
  static LintResult lint(Path valuesFile, Path work) throws IOException {
    Path chart = work.resolve("mcp-edge");
    copyTree(DIR, chart);
    if (valuesFile != null) {
      JsonNode merged = YAML.readTree(DIR.resolve("values.yaml").toFile());
      merge((ObjectNode) merged, YAML.readTree(valuesFile.toFile()));
      YAML.writeValue(chart.resolve("values.yaml").toFile(), merged);
    }
    return new Helm(chart).lint().strict().call();
  }

  /** Copies a folder tree. */
  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : all.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  /** Helm's merge of values: maps merge key by key, anything else is replaced. */
  private static void merge(ObjectNode into, JsonNode from) {
    Iterator<Map.Entry<String, JsonNode>> fields = from.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      JsonNode mine = into.get(f.getKey());
      if (mine instanceof ObjectNode o && f.getValue().isObject()) {
        merge(o, f.getValue());
      } else {
        into.set(f.getKey(), f.getValue());
      }
    }
  }
}
