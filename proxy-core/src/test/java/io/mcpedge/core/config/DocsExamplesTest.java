package io.mcpedge.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps the reference and the examples honest: every file in {@code examples/} and every YAML block
 * of {@code docs/configuration.md} is loaded by the real loader. A block preceded by {@code <!--
 * fragment -->} shows only some sections and is completed with minimal ones; a block preceded by
 * {@code <!-- invalid -->} must fail with exactly the problems of the {@code text} block after it.
 */
class DocsExamplesTest {

  static final Path DOCS = Path.of("..", "docs", "configuration.md");
  static final Path EXAMPLES = Path.of("..", "examples");

  /** One fenced block of the reference. */
  record Block(int line, String marker, String yaml, String expectedProblems) {
    @Override
    public String toString() {
      return "configuration.md:" + line + (marker.isEmpty() ? "" : " (" + marker + ")");
    }
  }

  static List<Block> blocks() throws IOException {
    List<String> lines = Files.readAllLines(DOCS, StandardCharsets.UTF_8);
    List<Block> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).equals("```yaml")) {
        continue;
      }
      String marker = markerBefore(lines, i);
      int start = i;
      StringBuilder yaml = new StringBuilder();
      for (i++; !lines.get(i).equals("```"); i++) {
        yaml.append(lines.get(i)).append('\n');
      }
      String expected = marker.equals("invalid") ? textBlockAfter(lines, i + 1) : null;
      out.add(new Block(start + 1, marker, yaml.toString(), expected));
    }
    return out;
  }

  private static String markerBefore(List<String> lines, int fence) {
    int j = fence - 1;
    while (j >= 0 && lines.get(j).isBlank()) {
      j--;
    }
    String prev = j >= 0 ? lines.get(j).strip() : "";
    if (prev.startsWith("<!--") && prev.endsWith("-->")) {
      return prev.substring(4, prev.length() - 3).strip();
    }
    return "";
  }

  private static String textBlockAfter(List<String> lines, int from) {
    int i = from;
    while (lines.get(i).isBlank()) {
      i++;
    }
    assertThat(lines.get(i))
        .as("an invalid block is followed by its ```text problems")
        .isEqualTo("```text");
    StringBuilder text = new StringBuilder();
    for (i++; !lines.get(i).equals("```"); i++) {
      text.append(text.length() == 0 ? "" : "\n").append(lines.get(i));
    }
    return text.toString();
  }

  /** Adds the required sections a fragment leaves out, so that it can be loaded on its own. */
  static String complete(String fragment) {
    StringBuilder yaml = new StringBuilder(fragment);
    if (!fragment.contains("\nlisteners:") && !fragment.startsWith("listeners:")) {
      yaml.append("listeners: [{ name: docs, address: \"127.0.0.1:0\" }]\n");
    }
    if (!fragment.contains("\nupstreams:") && !fragment.startsWith("upstreams:")) {
      yaml.append("upstreams: [{ name: gateway, endpoints: [\"http://127.0.0.1:4444\"] }]\n");
    }
    if (!fragment.contains("\nroutes:") && !fragment.startsWith("routes:")) {
      yaml.append("routes: [{ name: docs-default, directResponse: { status: 404 } }]\n");
    }
    return yaml.toString();
  }

  @ParameterizedTest
  @MethodSource("blocks")
  void everyYamlBlockOfTheReferenceIsWhatItClaims(Block block) {
    switch (block.marker()) {
      case "" ->
          assertThatCode(() -> ConfigLoader.parse(block.yaml(), "edge.yaml", Map.of()))
              .doesNotThrowAnyException();
      case "fragment" ->
          assertThatCode(() -> ConfigLoader.parse(complete(block.yaml()), "edge.yaml", Map.of()))
              .doesNotThrowAnyException();
      case "invalid" -> {
        ConfigException e =
            catchThrowableOfType(
                ConfigException.class,
                () -> ConfigLoader.parse(complete(block.yaml()), "edge.yaml", Map.of()));
        assertThat(e).as("the block must be refused").isNotNull();
        assertThat(e.getMessage()).isEqualTo(block.expectedProblems());
      }
      default -> throw new AssertionError(block + ": unknown marker " + block.marker());
    }
  }

  @Test
  void theReferenceHasBlocksOfEveryKind() throws IOException {
    List<Block> blocks = blocks();
    assertThat(blocks).extracting(Block::marker).contains("", "fragment", "invalid");
    assertThat(blocks).hasSizeGreaterThan(10);
  }

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyExampleLoads(Path example) {
    assertThatCode(() -> ConfigLoader.load(example, Map.of())).doesNotThrowAnyException();
  }

  @Test
  void theThreePromisedExamplesExist() {
    for (String name :
        List.of(
            "edge-single-gateway.yaml",
            "edge-several-pods.yaml",
            "edge-h2c-upstream.yaml",
            "edge-tls.yaml")) {
      assertThat(EXAMPLES.resolve(name)).isRegularFile();
    }
  }

  @Test
  void theReferenceNamesEveryKey() throws IOException {
    String docs = Files.readString(DOCS, StandardCharsets.UTF_8);
    List<List<String>> keyLists =
        List.of(
            ConfigLoader.TOP_KEYS,
            ServerSection.LISTENER_KEYS,
            ServerSection.ADMIN_KEYS,
            ServerSection.SERVER_KEYS,
            ObservabilitySection.KEYS,
            ObservabilitySection.METRICS_KEYS,
            AccessLogSection.KEYS,
            TracingSection.KEYS,
            CacheSection.GLOBAL_KEYS,
            CacheSection.ROUTE_KEYS,
            McpCacheSection.KEYS,
            UpstreamSection.KEYS,
            UpstreamSection.POOL_KEYS,
            UpstreamSection.LB_KEYS,
            PolicySection.BREAKER_KEYS,
            PolicySection.FAILURE_KEYS,
            PolicySection.OUTLIER_KEYS,
            PolicySection.RETRY_KEYS,
            PolicySection.RATE_LIMIT_KEYS,
            RouteSection.KEYS,
            RouteSection.TIMEOUT_KEYS,
            RouteSection.DIRECT_KEYS,
            RouteSection.STREAM_KEYS,
            MatchSection.MATCH_KEYS,
            RouteSection.HTTPS_REDIRECT_KEYS,
            TlsSection.KEYS,
            TlsSection.SNI_KEYS,
            TlsSection.HSTS_KEYS,
            TlsSection.UPSTREAM_KEYS,
            RedisSection.KEYS,
            RedisSection.SENTINEL_KEYS,
            RedisSection.PASSWORD_KEYS);
    for (List<String> keys : keyLists) {
      for (String key : keys) {
        assertThat(docs)
            .as("docs mention `%s`", key)
            .containsPattern("`(path\\.)?" + key + "(\\.\\w+)?`");
      }
    }
  }
}
