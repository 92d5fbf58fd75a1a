package io.mcpedge.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The documents of one rendering, each read into the fabric8 class of its apiVersion and kind. */
record Rendered(String text, List<HasMetadata> objects) {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final Pattern SEPARATOR = Pattern.compile("(?m)^---\\s*$");

  static Rendered parse(String text) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String doc : SEPARATOR.split(text)) {
      if (doc.lines().allMatch(l -> l.isBlank() || l.startsWith("#"))) {
        continue;
      }
      KubernetesResource r = SERIALIZATION.unmarshal(doc, KubernetesResource.class);
      assertThat(r)
          .as("a typed object, not a generic one, for:%n%s", doc)
          .isInstanceOf(HasMetadata.class)
          .isNotInstanceOf(io.fabric8.kubernetes.api.model.GenericKubernetesResource.class);
      objects.add((HasMetadata) r);
    }
    return new Rendered(text, List.copyOf(objects));
  }

  <T extends HasMetadata> List<T> all(Class<T> kind) {
    return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
  }

  <T extends HasMetadata> Optional<T> maybe(Class<T> kind) {
    List<T> found = all(kind);
    assertThat(found.size()).as("objects of " + kind.getSimpleName()).isLessThanOrEqualTo(1);
    return found.stream().findFirst();
  }

  <T extends HasMetadata> T one(Class<T> kind) {
    List<T> found = all(kind);
    assertThat(found).as("objects of " + kind.getSimpleName()).hasSize(1);
    return found.get(0);
  }

  <T extends HasMetadata> T named(Class<T> kind, String name) {
    return all(kind).stream()
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind.getSimpleName() + " " + name));
  }

  /** The edge.yaml of the chart's config ConfigMap. */
  String edgeYaml() {
    ConfigMap cm = named(ConfigMap.class, Chart.RELEASE + "-mcp-edge");
    assertThat(cm.getData()).containsKey("edge.yaml");
    return cm.getData().get("edge.yaml");
  }
}
