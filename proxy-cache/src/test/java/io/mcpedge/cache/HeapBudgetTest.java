package io.mcpedge.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeapBudgetTest {

  private static final long MIB = 1L << 20;

  @ParameterizedTest(name = "heap {0} MiB, maxObjectSize {1} MiB: cache at most {2} bytes")
  @CsvSource({
    // 256 - 24 - 2 x 8 - 25.6
    "256, 8, 199648876",
    // 96 - 24 - 8 (at least) - 9.6
    "96, 2, 57042544",
    "128, 8, 78852918",
    // too small for any cache
    "40, 8, 0",
  })
  void cacheLimit(long heapMib, long objectMib, long limit) {
    assertThat(new HeapBudget(heapMib * MIB, objectMib * MIB).cacheLimit()).isEqualTo(limit);
  }

  @Test
  @DisplayName(
      "the issue's case: 1Gi on the launcher's 256 MiB heap is refused, saying how to fix it")
  void refusesTheCacheOfTheIssue() {
    String problem = new HeapBudget(256 * MIB, 8 * MIB).problem(1L << 30);
    assertThat(problem)
        .contains("at most 190.4 MiB on this heap of 256.0 MiB")
        .contains("-Xmx1232m")
        .contains("MaxRAMPercentage")
        .contains("lower cache.maxSize");
  }

  @Test
  void builtInCacheFitsTheLauncherAndSmallDefaultHeaps() {
    assertThat(new HeapBudget(256 * MIB, 8 * MIB).problem(64 * MIB)).isNull();
    // A 512 MiB container's default heap (a quarter of it) still holds the built-in 64Mi.
    assertThat(new HeapBudget(128 * MIB, 8 * MIB).problem(64 * MIB)).isNull();
    assertThat(new HeapBudget(Long.MAX_VALUE, 8 * MIB).problem(1L << 40)).isNull();
  }

  @ParameterizedTest(name = "maxSize {0} MiB")
  @CsvSource({"1", "64", "256", "1024", "30000"})
  @DisplayName("the suggested -Xmx holds the cache even after the JVM leaves a survivor space out")
  void suggestionHolds(long maxSizeMib) {
    long xmx = new HeapBudget(1, 8 * MIB).suggestedXmxMib(maxSizeMib * MIB) * MIB;
    long serialMaxMemory = xmx - xmx / 30;
    assertThat(new HeapBudget(serialMaxMemory, 8 * MIB).problem(maxSizeMib * MIB)).isNull();
  }

  @ParameterizedTest(name = "{0} bytes is {1}")
  @CsvSource({
    "1073741824, 1Gi",
    "268435456, 256Mi",
    "65536, 64Ki",
    "1000, 1000",
    "1572864, 1536Ki"
  })
  void sizeIsWrittenAsConfigWritesIt(long bytes, String text) {
    assertThat(HeapBudget.size(bytes)).isEqualTo(text);
  }

  @Test
  void preconditionsNameTheValue() {
    assertThatThrownBy(() -> new HeapBudget(0, 1)).hasMessage("maxHeap: 0 (expected: > 0)");
  }
}
