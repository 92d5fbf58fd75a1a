package io.mcpedge.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * proxy-server's fat jar, started as the image starts it: {@code java} with the JVM options of the
 * Dockerfile's entry point, JDK_JAVA_OPTIONS from the container's env, and {@code -XX:MaxRAM}
 * standing for the container's memory limit.
 */
final class ProxyJar {

  static final Path JAR =
      Path.of(System.getProperty("mcpedge.jar", "../proxy-server/target/proxy.jar"));
  static final Path DOCKERFILE = Path.of("..", "Dockerfile");

  private static final Pattern ENTRYPOINT = Pattern.compile("(?m)^ENTRYPOINT \\[(.*)]$");
  private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

  private ProxyJar() {}

  /**
   * The JVM options of the image's entry point: what stands between {@code java} and {@code -jar}.
   */
  static List<String> imageJvmOptions() throws IOException {
    Matcher m = ENTRYPOINT.matcher(Files.readString(DOCKERFILE));
    assertThat(m.find()).as("an exec-form ENTRYPOINT in the Dockerfile").isTrue();
    List<String> args = new ArrayList<>();
    Matcher q = QUOTED.matcher(m.group(1));
    while (q.find()) {
      args.add(q.group(1));
    }
    assertThat(args.get(0)).isEqualTo("java");
    int jar = args.indexOf("-jar");
    assertThat(jar).isPositive();
    return args.subList(1, jar);
  }

  /**
   * Starts {@code java <image options> -XX:MaxRAM=<memoryLimit> -jar proxy.jar <args>} with {@code
   * env} added; output goes to {@code log}.
   */
  static Process start(long memoryLimit, Map<String, String> env, Path log, String... args)
      throws IOException {
    assertThat(Files.exists(JAR)).as(JAR + " is built by proxy-server's package phase").isTrue();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(imageJvmOptions());
    cmd.add("-XX:MaxRAM=" + memoryLimit);
    cmd.add("-jar");
    cmd.add(JAR.toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    return pb.start();
  }
}
