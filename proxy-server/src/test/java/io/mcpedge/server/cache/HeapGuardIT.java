package io.mcpedge.server.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The heap guard through the JVM's own notification, in a JVM with the launcher's collector and a
 * small heap: when the process's own live memory grows beside a full store, the store gives way.
 */
@Timeout(60)
class HeapGuardIT {

  private static final long MIB = 1L << 20;

  @Test
  @DisplayName("a collection that ends above 90 % of the old generation lowers the store's bound")
  void theStoreGivesWayToTheProcesssOwnMemory() throws Exception {
    // Old generation 56 MiB (64 - 8 of young); 30 MiB of cache and 20 of ballast leave it ~95 %
    // full after a collection, above the guard's 90 %.
    Process child =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:+UseSerialGC",
                    "-Xmx64m",
                    "-Xmn8m",
                    "-XX:+ExitOnOutOfMemoryError",
                    "-cp",
                    System.getProperty("java.class.path"),
                    HeapGuardChild.class.getName(),
                    "30",
                    "20"))
            .redirectErrorStream(true)
            .start();
    try {
      assertThat(child.waitFor(45, TimeUnit.SECONDS)).isTrue();
      String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(child.exitValue()).as(out).isZero();
      assertThat(out).contains("heap nearly full after a collection").doesNotContain("OutOfMemory");
      Matcher m = Pattern.compile("bound (\\d+) size (\\d+) ballast 20").matcher(out);
      assertThat(m.find()).as(out).isTrue();
      long bound = Long.parseLong(m.group(1));
      assertThat(bound).as(out).isLessThan(30 * MIB).isGreaterThan(10 * MIB);
      assertThat(Long.parseLong(m.group(2))).as(out).isLessThanOrEqualTo(bound);
    } finally {
      child.destroyForcibly();
    }
  }
}
