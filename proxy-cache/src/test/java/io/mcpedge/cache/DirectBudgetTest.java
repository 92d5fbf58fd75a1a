package io.mcpedge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** With bodies in direct memory, the direct limit holds the bodies and the heap the rest. */
@Timeout(10)
class DirectBudgetTest {

  private static final long MIB = 1L << 20;

  @ParameterizedTest(name = "{0} MiB of direct memory, objects of {1} MiB: at most {2} MiB")
  @CsvSource({
    // limit, maxObjectSize, cacheLimit: 64 MiB for the transport, in-flight max(2 objects, 8 MiB)
    "256, 8, 176",
    "256, 2, 184",
    "1104, 8, 1024",
    "80, 8, 0",
    "64, 1, 0"
  })
  void keepsRoomForTheTransportAndTheAnswersBeingStored(long limit, long object, long expected) {
    assertThat(new DirectBudget(limit * MIB, object * MIB).cacheLimit()).isEqualTo(expected * MIB);
  }

  @Test
  void refusesAStoreLargerThanTheLimitAndSaysWhatWouldHoldIt() {
    DirectBudget b = new DirectBudget(256 * MIB, 8 * MIB);
    assertThat(b.problem(176 * MIB)).isNull();
    assertThat(b.problem(1024 * MIB))
        .isEqualTo(
            "at most 176.0 MiB with cache.storage direct in this direct-memory limit of 256.0 MiB,"
                + " which keeps 80.0 MiB for the transport: raise it to"
                + " -XX:MaxDirectMemorySize=1104m or more, or lower cache.maxSize");
    assertThat(new DirectBudget(Long.MAX_VALUE, 8 * MIB).problem(1L << 40)).isNull();
  }

  @Test
  void theHeapHoldsAnEighthOfADirectStore() {
    HeapBudget heap = new HeapBudget(256 * MIB, 8 * MIB);
    // 256 MiB keeps 24 + 16 + 25.6 MiB: 190.4 MiB holds the heap part of a store up to 1.48 GiB.
    assertThat(heap.directProblem(1024 * MIB)).isNull();
    assertThat(heap.problem(1024 * MIB)).isNotNull();
    assertThat(heap.directProblem(2048 * MIB))
        .isEqualTo(
            "with cache.storage direct, a heap that keeps at least 256.0 MiB (an eighth of it) for"
                + " keys and headers, but this heap of 256.0 MiB keeps 190.4 MiB: raise the heap"
                + " to -Xmx352m or more, or lower cache.maxSize");
  }
}
