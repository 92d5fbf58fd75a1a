package io.mcpedge.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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
 * built-in default config's environment variables. Its log (stderr) is collected so the test can
 * read the bound ports.
 */
final class ChildProxy implements AutoCloseable {

  static final Path JAR = Path.of("target", "proxy.jar");
  private static final Pattern LISTENER =
      Pattern.compile("listener http on /127\\.0\\.0\\.1:(\\d+)");
  private static final Pattern ADMIN = Pattern.compile("admin on /127\\.0\\.0\\.1:(\\d+)");

  final Process process;
  private final StringBuffer log = new StringBuffer();
  private final StringBuffer out = new StringBuffer();

  private ChildProxy(Process process) {
    this.process = process;
    pump(process.getErrorStream(), log);
    pump(process.getInputStream(), out);
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
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(env);
    return new ChildProxy(pb.start());
  }

  /** Starts a proxy in front of {@code upstreamPort} and waits until it has bound its ports. */
  static ChildProxy serve(List<String> jvmArgs, int upstreamPort) throws IOException {
    ChildProxy p =
        run(
            jvmArgs,
            Map.of(
                "EDGE_UPSTREAM", "http://127.0.0.1:" + upstreamPort,
                "EDGE_LISTEN", "127.0.0.1:0",
                "EDGE_ADMIN", "127.0.0.1:0"));
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> ADMIN.matcher(p.log).find() || !p.process.isAlive());
    assertThat(p.process.isAlive()).as(p.log.toString()).isTrue();
    return p;
  }

  int port() {
    return find(LISTENER);
  }

  int adminPort() {
    return find(ADMIN);
  }

  String log() {
    return log.toString();
  }

  String stdout() {
    return out.toString();
  }

  /** Waits for the exit code (bounded). */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("the proxy did not exit within " + timeout + ":\n" + log);
    }
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !readersAlive());
    return process.exitValue();
  }

  private final List<Thread> readers = new ArrayList<>();

  private boolean readersAlive() {
    return readers.stream().anyMatch(Thread::isAlive);
  }

  private int find(Pattern p) {
    Matcher m = p.matcher(log);
    assertThat(m.find()).as(log.toString()).isTrue();
    return Integer.parseInt(m.group(1));
  }

  private void pump(java.io.InputStream in, StringBuffer into) {
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  into.append(line).append('\n');
                }
              } catch (IOException e) {
                into.append("[read failed: ").append(e).append("]\n");
              }
            },
            "child-proxy-output");
    t.setDaemon(true);
    readers.add(t);
    t.start();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
