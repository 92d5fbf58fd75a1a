package io.mcpedge.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The image's three spellings of how the proxy starts agree: the launcher script's JVM options
 * (with a heap from the container's memory), the Dockerfile's entry point and Jib's.
 */
@Timeout(60)
class ImageLayoutTest {

  private static final Path LAUNCHER = Path.of("..", "scripts", "mcp-edge");
  private static final Path SERVER_POM = Path.of("..", "proxy-server", "pom.xml");

  @Test
  void theDockerfileStartsJavaWithTheLaunchersOptionsAndNoFixedHeap() throws Exception {
    List<String> launcher = launcherOptions();
    assertThat(launcher).contains("-XX:MaxRAMPercentage=75").noneMatch(o -> o.startsWith("-Xmx"));
    List<String> expected = new ArrayList<>(launcher);
    expected.remove("-XX:MaxRAMPercentage=75");
    assertThat(ProxyJar.imageJvmOptions()).containsExactlyElementsOf(expected);
    String dockerfile = Files.readString(ProxyJar.DOCKERFILE);
    assertThat(dockerfile)
        .contains("JDK_JAVA_OPTIONS=\"-XX:MaxRAMPercentage=75\"")
        .contains("USER 10001:10001")
        .contains("\"-jar\", \"/opt/mcp-edge/proxy.jar\"]");
  }

  @Test
  void jibBuildsTheSameEntryPointUserAndHeap() throws Exception {
    String pom = Files.readString(SERVER_POM);
    Matcher entry = Pattern.compile("(?s)<entrypoint>(.*?)</entrypoint>").matcher(pom);
    assertThat(entry.find()).isTrue();
    List<String> args = new ArrayList<>();
    Matcher arg = Pattern.compile("<arg>([^<]*)</arg>").matcher(entry.group(1));
    while (arg.find()) {
      args.add(arg.group(1));
    }
    List<String> docker = new ArrayList<>(List.of("java"));
    docker.addAll(ProxyJar.imageJvmOptions());
    docker.addAll(List.of("-jar", "/opt/mcp-edge/proxy.jar"));
    assertThat(args).containsExactlyElementsOf(docker);
    assertThat(pom)
        .contains("<user>10001:10001</user>")
        .contains("<JDK_JAVA_OPTIONS>-XX:MaxRAMPercentage=75</JDK_JAVA_OPTIONS>")
        .contains("<into>/opt/mcp-edge</into>");
  }

  /**
   * What the launcher runs with a heap sized from the container's memory, between java and -jar.
   */
  private static List<String> launcherOptions() throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder("bash", LAUNCHER.toString(), "--config", "edge.yaml")
            .redirectErrorStream(true);
    pb.environment().put("MCP_EDGE_PRINT", "1");
    pb.environment().put("MCP_EDGE_JAR", "proxy.jar");
    pb.environment().put("JAVA_OPTS", "-XX:MaxRAMPercentage=75");
    pb.environment()
        .put("MCP_EDGE_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    List<String> words = List.of(out.split("\\s+"));
    int jar = words.indexOf("-jar");
    assertThat(jar).as(out).isPositive();
    // Options the launcher adds for Java 24 and later only; the image's JRE is 17.
    return words.subList(1, jar).stream().filter(o -> !o.startsWith("--")).toList();
  }
}
