package io.mcpedge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The bound on the heap that answers being stored hold at once, through the writers that use it.
 */
class InFlightBudgetTest {

  private static final int MIB = 1 << 20;

  // maxObjectSize 6 MiB: the writers may hold 12 MiB at once.
  private final TestCache t = new TestCache(64L * MIB, 6L * MIB);

  private StoreWriter open(String path, long contentLength) {
    LookupResult r = t.lookup(TestCache.RFC, TestCache.get(path));
    String[] headers =
        contentLength < 0
            ? new String[] {"Cache-Control", "max-age=60"}
            : new String[] {"Cache-Control", "max-age=60", "Content-Length", "" + contentLength};
    return t.cache.updates().openWriter(r, 200, t.withDate(headers), t.clock.millis());
  }

  private long inUse() {
    return t.cache.inFlight().inUse();
  }

  @Test
  @DisplayName("answers beyond the budget pass through uncached; a commit makes room again")
  void boundsConcurrentWriters() {
    assertThat(t.cache.inFlight().limit()).isEqualTo(12L * MIB);
    StoreWriter a = open("/a", 5L * MIB);
    StoreWriter b = open("/b", 5L * MIB);
    assertThat(inUse()).isEqualTo(10L * MIB);
    assertThat(open("/c", 5L * MIB)).isNull();
    assertThat(inUse()).isEqualTo(10L * MIB);

    a.append(new byte[5 * MIB], 0, 5 * MIB);
    assertThat(a.commit()).isNotNull();
    assertThat(inUse()).isEqualTo(5L * MIB);
    StoreWriter c = open("/c", 5L * MIB);
    assertThat(c).isNotNull();
    b.abandon();
    c.abandon();
    assertThat(inUse()).isZero();
  }

  @Test
  @DisplayName(
      "a body of unknown length stops storing when growing its buffer would pass the budget")
  void growthIsClaimed() {
    StoreWriter big = open("/big", 6L * MIB);
    StoreWriter small = open("/small", 3L * MIB);
    StoreWriter chunked = open("/chunked", -1);
    byte[] mib = new byte[MIB];
    assertThat(chunked.append(mib, 0, MIB)).isTrue();
    assertThat(chunked.append(mib, 0, MIB)).isTrue();
    // 2 MiB held; doubling to 4 would make 13 MiB with the others' 9.
    assertThat(chunked.append(mib, 0, MIB)).isFalse();
    assertThat(chunked.isClosed()).isTrue();
    assertThat(inUse()).isEqualTo(9L * MIB);
    big.abandon();
    small.abandon();
    assertThat(inUse()).isZero();
  }

  @Test
  @DisplayName("every way a writer ends gives its claim back")
  void everyEndReleases() {
    StoreWriter shortBody = open("/short", 100);
    shortBody.append(new byte[10], 0, 10);
    assertThat(shortBody.commit()).isNull();
    StoreWriter oversize = open("/oversize", -1);
    for (int i = 0; i < 7 && oversize.append(new byte[MIB], 0, MIB); i++) {
      // until it passes maxObjectSize
    }
    assertThat(oversize.isClosed()).isTrue();
    StoreWriter stored = open("/stored", -1);
    stored.append(new byte[3], 0, 3);
    assertThat(stored.commit()).isNotNull();
    StoreWriter twice = open("/twice", 10);
    twice.abandon();
    twice.abandon();
    assertThat(twice.commit()).isNull();
    assertThat(inUse()).isZero();
  }
}
