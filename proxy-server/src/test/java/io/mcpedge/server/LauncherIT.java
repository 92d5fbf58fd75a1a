package io.mcpedge.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/mcp-edge}, the launcher: the runtime options it adds for the Java release it
 * finds, and the proxy it starts, on the JVM of the tests and on Java 25 where the machine has one.
 */
@Timeout(90)
class LauncherIT {

  private static final Path LAUNCHER = Path.of("..", "scripts", "mcp-edge");
  private static final List<String> ACCESS =
      List.of("--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED");

  /** A Java home with a {@code release} file of the given version and a stub {@code java}. */
  private static Path home(Path dir, String name, String releaseVersion, String versionLine)
      throws IOException {
    Path home = dir.resolve(name);
    Path bin = Files.createDirectories(home.resolve("bin"));
    Path java = bin.resolve("java");
    Files.writeString(java, "#!/bin/sh\necho '" + versionLine + "' >&2\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    if (releaseVersion != null) {
      Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + releaseVersion + "\"\n");
    }
    return home;
  }

  /** The command the launcher would run with {@code JAVA_HOME=home}. */
  private static List<String> printed(Path home) throws Exception {
    return printed(home, Map.of());
  }

  /** The command the launcher would run with {@code JAVA_HOME=home} and {@code more} set. */
  private static List<String> printed(Path home, Map<String, String> more) throws Exception {
    Map<String, String> env = new HashMap<>(more);
    env.put("JAVA_HOME", home.toString());
    env.put("MCP_EDGE_PRINT", "1");
    env.put("MCP_EDGE_JAR", "proxy.jar");
    try (ChildProxy p =
        ChildProxy.start(List.of("bash", LAUNCHER.toString(), "--config", "edge.yaml"), env)) {
      assertThat(p.awaitExit(Duration.ofSeconds(20))).as(p.log()).isZero();
      return List.of(p.stdout().trim().split(" +"));
    }
  }

  @Test
  void addsTheRuntimeOptionsOfTheReleaseItFinds(@TempDir Path dir) throws Exception {
    List<String> on17 =
        printed(home(dir, "jdk17", "17.0.15", "openjdk version \"17.0.15\" 2025-04-15"));
    assertThat(on17).doesNotContainAnyElementsOf(ACCESS);
    assertThat(on17).contains("-XX:+UseSerialGC", "-Xmx256m").endsWith("--config", "edge.yaml");

    List<String> on25 = printed(home(dir, "jdk25", "25.0.3", "unused"));
    assertThat(on25).containsAll(ACCESS);
    assertThat(on25.subList(on25.indexOf(ACCESS.get(1)), on25.size()))
        .startsWith(ACCESS.get(1), "-jar", "proxy.jar");

    // No release file: the version is read from what `java -version` prints.
    List<String> on24 = printed(home(dir, "jdk24", null, "openjdk version \"24.0.2\" 2025-07-15"));
    assertThat(on24).containsAll(ACCESS);
  }

  @Test
  void aHeapSizedFromTheContainersMemoryReplacesTheDefaultXmx(@TempDir Path dir) throws Exception {
    Path jdk = home(dir, "jdk17", "17.0.15", "unused");
    List<String> sized = printed(jdk, Map.of("JAVA_OPTS", "-XX:MaxRAMPercentage=75"));
    assertThat(sized).contains("-XX:MaxRAMPercentage=75", "-XX:+UseSerialGC", "-Xmn8m");
    assertThat(sized).noneMatch(o -> o.startsWith("-Xmx"));
    // An -Xmx of the operator's own comes after the default one, so it wins as before.
    assertThat(printed(jdk, Map.of("JAVA_OPTS", "-Xmx1232m")))
        .containsSubsequence("-Xmx256m", "-Xmx1232m");
  }

  @Test
  void startsTheProxyOnTheJvmOfTheTests() throws Exception {
    servesThroughTheLauncher(Path.of(System.getProperty("java.home")), Map.of());
  }

  /** Java 25, where the machine has one under /usr/lib/jvm (as Debian lays JDKs out). */
  @Test
  void startsTheProxyOnJava25WithoutRuntimeWarnings() throws Exception {
    Optional<Path> java25 = installedRelease(25);
    Assumptions.assumeTrue(java25.isPresent(), "no Java 25 or later under /usr/lib/jvm");
    String log =
        servesThroughTheLauncher(
            java25.get(),
            Map.of("JAVA_OPTS", "-Dorg.slf4j.simpleLogger.log.io.netty.util.internal=debug"));
    // The options the launcher adds are those the runtime asks for: it warns of none (JNI), and
    // Netty keeps its direct memory access (it gives it up silently on 25 without them).
    assertThat(log).doesNotContain("WARNING").contains("sun.misc.Unsafe: available");
  }

  /** Starts the proxy with the launcher on the Java of {@code home}; returns its log. */
  private static String servesThroughTheLauncher(Path home, Map<String, String> more)
      throws Exception {
    try (NettyOrigin origin = NettyOrigin.http1()) {
      Map<String, String> env = new HashMap<>(ChildProxy.serving(origin.port()));
      env.putAll(more);
      env.put("MCP_EDGE_JAVA", home.resolve("bin").resolve("java").toString());
      env.put("MCP_EDGE_JAR", ChildProxy.JAR.toAbsolutePath().toString());
      try (ChildProxy p =
          ChildProxy.ready(ChildProxy.start(List.of("bash", LAUNCHER.toString()), env))) {
        HttpResponse<String> res =
            Clients.get(Clients.http1(), URI.create("http://127.0.0.1:" + p.port() + "/echo"));
        assertThat(res.statusCode()).as(p.log()).isEqualTo(200);
        assertThat(origin.requests()).isEqualTo(1);
        return p.log();
      }
    }
  }

  private static Optional<Path> installedRelease(int atLeast) throws IOException {
    Path jvms = Path.of("/usr/lib/jvm");
    if (!Files.isDirectory(jvms)) {
      return Optional.empty();
    }
    List<Path> found = new ArrayList<>();
    try (Stream<Path> homes = Files.list(jvms)) {
      for (Path home : homes.toList()) {
        Path release = home.resolve("release");
        if (Files.isRegularFile(release) && Files.isExecutable(home.resolve("bin/java"))) {
          String text = Files.readString(release);
          java.util.regex.Matcher m =
              java.util.regex.Pattern.compile("JAVA_VERSION=\"(\\d+)").matcher(text);
          if (m.find() && Integer.parseInt(m.group(1)) >= atLeast) {
            found.add(home);
          }
        }
      }
    }
    return found.stream().sorted().findFirst();
  }
}
