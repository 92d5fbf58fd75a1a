package io.mcpedge.server.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpedge.cache.CacheStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(30)
class HeapGuardTest {

  @ParameterizedTest(name = "{0} of {1} in use, {2} cached under {3}: bound {4}")
  @CsvSource({
    // at or below 90 % after the collection: nothing to do
    "900, 1000, 500, 600, -1",
    "100, 1000, 0, 600, -1",
    // 95 %: give back the excess (50) and a margin of 5 % (50)
    "950, 1000, 500, 600, 400",
    // the excess is more than the store holds: it admits nothing any more
    "1000, 1000, 50, 600, 0",
    // never above the bound it had
    "910, 1000, 900, 600, 600",
  })
  void bound(long used, long max, long cached, long before, long expected) {
    assertThat(HeapGuard.bound(used, max, cached, before)).isEqualTo(expected);
  }

  @Test
  @DisplayName("with bodies off the heap, the heap to give back weighs heapScale times more")
  void boundScalesWithTheHeapShare() {
    // 95 %: 100 heap bytes to give back, each weighing 3 in a direct store.
    assertThat(HeapGuard.bound(950, 1000, 500, 600, 3)).isEqualTo(200);
    CacheStore direct =
        new CacheStore(1_000_000, 250_000, Duration.ZERO, InstantSource.system(), Runnable::run);
    assertThat(direct.heapScale()).isEqualTo(4.0);
  }

  @Test
  @DisplayName("a collection that ends above the threshold lowers the store's bound")
  void lowersTheStoresBound() {
    CacheStore store =
        new CacheStore(1_000_000, Duration.ZERO, InstantSource.system(), Runnable::run);
    Optional<HeapGuard> guard = HeapGuard.install(store);
    // The JVMs the tests run on (serial, parallel or G1) all report the old generation's use.
    assertThat(guard).isPresent();
    try (HeapGuard g = guard.get()) {
      assertThat(g.afterCollection(800, 1000)).isEqualTo(-1);
      assertThat(store.maximum()).isEqualTo(1_000_000);
      assertThat(g.afterCollection(990, 1000)).isZero();
      assertThat(store.maximum()).isZero();
    }
  }
}
