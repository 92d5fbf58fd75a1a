package io.mcpedge.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code --check} with {@code cache.storage: direct}: the bodies are checked against the
 * direct-memory limit, the heap only against the entries' keys and headers.
 */
@Timeout(30)
class StorageCheckTest {

  private static final long MIB = 1L << 20;

  @TempDir Path dir;

  private String check(String cache, long maxHeap, long maxDirect) throws Exception {
    Path cfg =
        Files.writeString(
            dir.resolve("edge.yaml"),
            "listeners:\n  - name: http\n    address: 127.0.0.1:0\n"
                + "cache: "
                + cache
                + "\nupstreams:\n  - name: origin\n    endpoints: [\"http://127.0.0.1:9\"]\n"
                + "routes:\n  - name: all\n    match: {path: {type: PathPrefix, value: /}}\n"
                + "    upstream: origin\n");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        new CommandLine(
                new Main(Map.of(), new PrintWriter(out), new PrintWriter(err), maxHeap, maxDirect))
            .execute("--check", "--config", cfg.toString());
    return code + " " + out + err;
  }

  @Test
  void aDirectStoreNeedsOnlyAnEighthOfItOnTheHeap() throws Exception {
    // 1Gi of heap storage needs -Xmx1232m; with direct storage a 256 MiB heap holds its part.
    assertThat(check("{maxSize: 1Gi}", 256 * MIB, 2048 * MIB))
        .startsWith("1 ")
        .contains("cache.maxSize: 1Gi (expected: at most 190.4 MiB on this heap");
    assertThat(check("{maxSize: 1Gi, storage: direct}", 256 * MIB, 2048 * MIB))
        .startsWith("0 ")
        .contains("OK");
  }

  @Test
  void refusesBodiesTheDirectLimitCannotHold() throws Exception {
    assertThat(check("{maxSize: 1Gi, storage: direct}", 256 * MIB, 256 * MIB))
        .startsWith("1 ")
        .contains(
            "edge.yaml: cache.maxSize: 1Gi (expected: at most 176.0 MiB with cache.storage direct"
                + " in this direct-memory limit of 256.0 MiB, which keeps 80.0 MiB for the"
                + " transport: raise it to -XX:MaxDirectMemorySize=1104m or more, or lower"
                + " cache.maxSize)");
  }

  @Test
  void refusesAHeapTooSmallForTheKeysAndHeaders() throws Exception {
    assertThat(check("{maxSize: 4Gi, storage: direct}", 256 * MIB, 8192 * MIB))
        .startsWith("1 ")
        .contains("cache.maxSize: 4Gi (expected: with cache.storage direct, a heap that keeps");
  }
}
