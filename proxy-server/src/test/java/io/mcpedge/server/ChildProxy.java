package io.mcpedge.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * The real shaded jar run as a child process on ephemeral loopback ports, configured through the
 * built-in default config's environment variables. Its output goes to temporary files, from which
 * the test reads the bound ports and the log.
 */
final class ChildProxy implements AutoCloseable {

  static final Path JAR = Path.of("target", "proxy.jar");
  private static final Pattern LISTENER =
      Pattern.compile("listener http on /127\\.0\\.0\\.1:(\\d+)");
  private static final Pattern ADMIN = Pattern.compile("admin on /127\\.0\\.0\\.1:(\\d+)");

  final Process process;
  private final Path logFile;
  private final Path outFile;

  private ChildProxy(Process process, Path logFile, Path outFile) {
    this.process = process;
    this.logFile = logFile;
    this.outFile = outFile;
  }

  /** Runs {@code java [jvmArgs] -jar proxy.jar [args]} with the given environment additions. */
  static ChildProxy run(List<String> jvmArgs, Map<String, String> env, String... args)
      throws IOException {
    assertThat(Files.exists(JAR)).as(JAR + " is built by the package phase").isTrue();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmArgs);
    cmd.add("-jar");
    cmd.add(JAR.toString());
    cmd.addAll(List.of(args));
    return start(cmd, env);
  }

  /** Runs {@code command} (which starts the proxy's jar one way or another) as the child. */
  static ChildProxy start(List<String> command, Map<String, String> env) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(env);
    Path logFile = Files.createTempFile("proxy-stderr", ".log");
    Path outFile = Files.createTempFile("proxy-stdout", ".log");
    pb.redirectError(logFile.toFile()).redirectOutput(outFile.toFile());
    return new ChildProxy(pb.start(), logFile, outFile);
  }

  /** Starts a proxy in front of {@code upstreamPort} and waits until it has bound its ports. */
  static ChildProxy serve(List<String> jvmArgs, int upstreamPort) throws IOException {
    return ready(run(jvmArgs, serving(upstreamPort)));
  }

  /** The environment of the default config for a proxy on ephemeral ports in front of a port. */
  static Map<String, String> serving(int upstreamPort) {
    return Map.of(
        "EDGE_UPSTREAM", "http://127.0.0.1:" + upstreamPort,
        "EDGE_LISTEN", "127.0.0.1:0",
        "EDGE_ADMIN", "127.0.0.1:0");
  }

  /** Waits until {@code p} has bound its ports. */
  static ChildProxy ready(ChildProxy p) {
    return ready(p, Duration.ofSeconds(20));
  }

  /** Waits at most {@code timeout} until {@code p} has bound its ports. */
  static ChildProxy ready(ChildProxy p, Duration timeout) {
    Awaitility.await()
        .atMost(timeout)
        .until(() -> ADMIN.matcher(p.log()).find() || !p.process.isAlive());
    assertThat(p.process.isAlive()).as(p.log()).isTrue();
    return p;
  }

  int port() {
    return find(LISTENER);
  }

  int adminPort() {
    return find(ADMIN);
  }

  String log() {
    return read(logFile);
  }

  String stdout() {
    return read(outFile);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "[cannot read " + file + ": " + e + "]";
    }
  }

  /** Waits for the exit code (bounded). */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("the proxy did not exit within " + timeout + ":\n" + log());
    }
    return process.exitValue();
  }

  private int find(Pattern p) {
    String log = log();
    Matcher m = p.matcher(log);
    assertThat(m.find()).as(log).isTrue();
    return Integer.parseInt(m.group(1));
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    try {
      Files.deleteIfExists(logFile);
      Files.deleteIfExists(outFile);
    } catch (IOException e) {
      // a leftover temp file is harmless
    }
  }
}
