package io.mcpedge.server.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The parts of a hit's head that {@code HitWriter} makes itself. */
class HitWriterTest {

  @Test
  void everyAgeIsWrittenAsItsDecimalTextWhetherMadeOnceOrPerHit() {
    for (long age : new long[] {0, 1, 9, 10, 299, 899, 900, 2_592_000, Long.MAX_VALUE, -1}) {
      assertThat(HitWriter.seconds(age).toString()).isEqualTo(Long.toString(age));
    }
    for (int age = 0; age < 1000; age++) {
      assertThat(HitWriter.seconds(age).toString()).isEqualTo(Integer.toString(age));
    }
    // The first quarter hour's texts are shared.
    assertThat(HitWriter.seconds(42)).isSameAs(HitWriter.seconds(42));
  }
}
