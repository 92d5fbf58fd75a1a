package io.mcpedge.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns edge.yaml into a validated {@link EdgeConfig}, or a {@link ConfigException} listing every
 * problem of the file at once.
 *
 * <p>The YAML is parsed into a tree and walked by hand with the path of every node, instead of
 * being bound to classes: that is what lets each problem name its exact YAML path, reject unknown
 * keys, and keep going after the first mistake. Environment references ({@code ${NAME}}, {@code
 * ${NAME:-default}}) are resolved in scalar values from the map given, never from the process.
 */
public final class ConfigLoader {

  static final List<String> TOP_KEYS =
      List.of(
          "listeners", "admin", "server", "cache", "upstreams", "routes", "observability", "redis");

  private static final String DEFAULT_RESOURCE = "default-edge.yaml";

  /** The name the built-in default configuration's problems are reported under. */
  public static final String DEFAULT_NAME = "default-edge.yaml (built in)";

  private ConfigLoader() {}

  /** Reads and validates {@code file}; problems are reported with the file as given. */
  public static EdgeConfig load(Path file, Map<String, String> env) throws ConfigException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(
          List.of(file + ": cannot be read: " + e + " (expected: a readable UTF-8 YAML file)"));
    }
    return parse(text, file.toString(), env);
  }

  /** Validates YAML text; {@code fileName} prefixes every problem. */
  public static EdgeConfig parse(String yamlText, String fileName, Map<String, String> env)
      throws ConfigException {
    Problems problems = new Problems(fileName, env);
    JsonNode tree = readTree(yamlText, problems);
    EdgeConfig config = null;
    if (problems.isEmpty()) {
      try {
        config = build(Node.root(tree, problems));
      } catch (RuntimeException e) {
        // A record check tripping over a value that was already reported: the report is what
        // matters. Without any report it is a loader bug and must surface as one.
        if (problems.isEmpty()) {
          throw e;
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems.lines());
    }
    return config;
  }

  /** The built-in default configuration, with {@code env} applied to its references. */
  public static EdgeConfig loadDefault(Map<String, String> env) throws ConfigException {
    return parse(defaultConfigText(), DEFAULT_NAME, env);
  }

  /** The built-in default configuration as shipped, comments included. */
  public static String defaultConfigText() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource missing from the jar: " + DEFAULT_RESOURCE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode readTree(String text, Problems problems) {
    ObjectMapper mapper =
        new ObjectMapper(
            YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
    try (JsonParser parser = mapper.getFactory().createParser(text)) {
      JsonNode tree = mapper.readTree(parser);
      if (tree == null || tree.isMissingNode() || tree.isNull()) {
        problems.addLine("empty document (expected: a mapping with keys " + TOP_KEYS + ")");
      } else if (parser.nextToken() != null) {
        // A second document would be silently ignored by a tree read; a file is one config.
        JsonLocation at = parser.currentLocation();
        problems.addLine(
            "line " + at.getLineNr() + ": a second YAML document (expected: one document)");
      }
      return tree;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
      problems.addLine(where + syntaxProblem(e) + " (expected: valid YAML)");
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The essential sentence of a YAML parser message, without its echo of the source text. */
  private static String syntaxProblem(JsonProcessingException e) {
    List<String> kept = new ArrayList<>();
    for (String line : e.getOriginalMessage().split("\n")) {
      String t = line.strip();
      if (!t.isEmpty() && !t.startsWith("in '") && !t.equals("^") && !line.startsWith("    ")) {
        kept.add(t);
      }
    }
    return kept.isEmpty() ? "malformed YAML" : String.join(": ", kept);
  }

  private static EdgeConfig build(Node root) {
    Problems problems = root.problems();
    Fields top = Fields.of(root, "a mapping with keys " + TOP_KEYS, TOP_KEYS);
    if (!top.present()) {
      return null;
    }
    List<ListenerConfig> listeners =
        ServerSection.listeners(top.required("listeners", "a list of listeners"));
    AdminConfig admin = ServerSection.admin(top.child("admin"));
    ServerConfig server = ServerSection.server(top.child("server"));
    CacheConfig cache = CacheSection.global(top.child("cache"));
    List<UpstreamConfig> upstreams = UpstreamSection.read(top.child("upstreams"));
    List<String> upstreamNames = upstreams.stream().map(UpstreamConfig::name).toList();
    List<String> declared = upstreamNames.stream().filter(n -> n != null).distinct().toList();
    List<RouteConfig> routes =
        RouteSection.read(top.required("routes", "a list of routes"), declared);
    ObservabilityConfig observability = ObservabilitySection.read(top.child("observability"));
    RedisConfig redis = RedisSection.read(top.child("redis"));

    CrossChecks.uniqueNames(
        problems, "listeners", listeners.stream().map(ListenerConfig::name).toList());
    CrossChecks.uniqueNames(problems, "upstreams", upstreamNames);
    CrossChecks.uniqueNames(problems, "routes", routes.stream().map(RouteConfig::name).toList());
    CrossChecks.distinctAddresses(problems, listeners, admin);
    CrossChecks.perTryTimeouts(problems, upstreams, routes);
    CrossChecks.globalLimitsNeedRedis(top.child("routes"), redis != null);
    return new EdgeConfig(listeners, admin, server, cache, upstreams, routes, observability, redis);
  }
}
