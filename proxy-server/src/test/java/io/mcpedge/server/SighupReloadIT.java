package io.mcpedge.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged proxy reloads its config file on {@code SIGHUP}, with the file watch off ({@code
 * --no-watch}), so the signal alone does it.
 */
@Timeout(90)
@EnabledOnOs({OS.LINUX, OS.MAC})
class SighupReloadIT {

  @TempDir Path dir;

  private static String version(String body) {
    return "listeners:\n  - name: http\n    address: 127.0.0.1:0\n"
        + "admin:\n  address: 127.0.0.1:0\n"
        + "routes:\n  - name: version\n    directResponse: { status: 200, body: \""
        + body
        + "\" }\n";
  }

  /**
   * The proxy's command, with SIGHUP's default disposition restored first: a build started under
   * {@code nohup} hands its children an ignored SIGHUP, which the JVM then keeps ignored.
   */
  private static List<String> withSighupDefault(Path file) {
    return List.of(
        "env",
        "--default-signal=HUP",
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar",
        ChildProxy.JAR.toString(),
        "--config",
        file.toString(),
        "--no-watch");
  }

  @Test
  void sighupReloadsTheConfigFile() throws Exception {
    Path file = dir.resolve("edge.yaml");
    Files.writeString(file, version("one"), StandardCharsets.UTF_8);
    try (ChildProxy proxy = ChildProxy.ready(ChildProxy.start(withSighupDefault(file), Map.of()))) {
      HttpClient client = Clients.http1();
      URI uri = URI.create("http://127.0.0.1:" + proxy.port() + "/");
      assertThat(Clients.get(client, uri).body().strip()).isEqualTo("one");

      Files.writeString(file, version("two"), StandardCharsets.UTF_8);
      Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(proxy.process.pid())).start();
      assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(kill.exitValue()).isZero();

      try {
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> Clients.get(client, uri).body().strip().equals("two"));
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        throw new AssertionError("not reloaded; the proxy's log:\n" + proxy.log(), e);
      }
      // The summary is logged just after the swap that the answer above shows.
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> proxy.log().contains("config reloaded (SIGHUP): generation 2"));
      assertThat(proxy.process.isAlive()).isTrue();
    }
  }
}
