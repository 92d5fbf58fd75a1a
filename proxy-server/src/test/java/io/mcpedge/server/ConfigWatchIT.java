package io.mcpedge.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpedge.server.reload.ConfigWatcher;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The config file as a Kubernetes ConfigMap volume mounts it: {@code edge.yaml} is a symlink to
 * {@code ..data/edge.yaml}, and {@code ..data} a symlink to a timestamped directory that the
 * kubelet replaces by renaming a new symlink over it. The file itself never changes; the watch
 * notices the swap, reloads once per change of content, and ignores a swap to the same content.
 */
@Timeout(60)
class ConfigWatchIT {

  @TempDir Path dir;

  private ReloadableEdge edge;
  private ConfigWatcher watcher;
  private final HttpClient client = Clients.http1();

  @AfterEach
  void stop() {
    if (watcher != null) {
      watcher.close();
    }
    if (edge != null) {
      edge.close();
    }
  }

  private static String version(String body) {
    return ReloadableEdge.HEADER
        + ReloadableEdge.HTTP_LISTENER
        + "routes:\n  - name: version\n    directResponse: { status: 200, body: \""
        + body
        + "\" }\n";
  }

  /** Publishes {@code content} as the kubelet does: a new directory, then one atomic rename. */
  private void publish(String stamp, String content) throws IOException {
    Path data = dir.resolve(".." + stamp);
    Files.createDirectory(data);
    Files.writeString(data.resolve("edge.yaml"), content, StandardCharsets.UTF_8);
    Path tmp = dir.resolve("..data_tmp");
    Files.createSymbolicLink(tmp, data.getFileName());
    Files.move(tmp, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
  }

  private String served() throws Exception {
    return Clients.get(client, edge.uri("/")).body().strip();
  }

  @Test
  void aConfigMapSymlinkSwapIsNoticedAndApplied() throws Exception {
    publish("2026_12_07_1", version("one"));
    Path file = dir.resolve("edge.yaml");
    Files.createSymbolicLink(file, Path.of("..data", "edge.yaml"));
    edge = new ReloadableEdge(file, null);
    watcher =
        ConfigWatcher.start(
            file, Duration.ofMillis(100), () -> edge.server.reloader().reload("file"));
    assertThat(served()).isEqualTo("one");

    publish("2026_12_07_2", version("two"));

    await().atMost(Duration.ofSeconds(20)).until(() -> served().equals("two"));
    // The status is written just after the swap that the answer shows.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> edge.server.reloader().status().generation() == 2);
    assertThat(edge.server.reloader().status().lastTrigger()).isEqualTo("file");
    assertThat(Files.isSymbolicLink(file)).isTrue();

    // The same content again: the watch looks, and does not reload.
    await().atMost(Duration.ofSeconds(20)).until(() -> watcher.bursts() >= 1);
    int seen = watcher.bursts();
    publish("2026_12_07_3", version("two"));
    await().atMost(Duration.ofSeconds(20)).until(() -> watcher.bursts() > seen);
    // Reloads run one at a time in order: this one ends after any the swap may have asked for.
    assertThat(edge.server.reloader().reload("test").get(20, TimeUnit.SECONDS).generation())
        .as("the identical swap reloaded nothing; this reload is the third generation")
        .isEqualTo(3);

    publish("2026_12_07_4", version("three"));
    await().atMost(Duration.ofSeconds(20)).until(() -> served().equals("three"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> edge.server.reloader().status().generation() == 4);
  }

  @Test
  void aFileReplacedInPlaceIsAppliedAndAnInvalidOneIsRefused() throws Exception {
    Path file = dir.resolve("edge.yaml");
    Files.writeString(file, version("one"), StandardCharsets.UTF_8);
    edge = new ReloadableEdge(file, null);
    watcher =
        ConfigWatcher.start(
            file, Duration.ofMillis(100), () -> edge.server.reloader().reload("file"));

    Files.writeString(file, version("two") + "bogus: 1\n", StandardCharsets.UTF_8);
    // An in-place write may be read half-done first; either way the whole file is refused.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                edge.server.reloader().status().failedLast()
                    && edge.server.reloader().status().errors().stream()
                        .anyMatch(e -> e.contains("bogus")));
    assertThat(served()).isEqualTo("one");

    Files.writeString(file, version("two"), StandardCharsets.UTF_8);
    await().atMost(Duration.ofSeconds(20)).until(() -> served().equals("two"));
  }
}
