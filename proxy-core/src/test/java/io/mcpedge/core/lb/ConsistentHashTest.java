package io.mcpedge.core.lb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongBiFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConsistentHashTest {

  private static final List<String> THREE =
      List.of("10.0.0.1:4444", "10.0.0.2:4444", "10.0.0.3:4444");
  private static final List<String> KEYS =
      IntStream.range(0, 10_000).mapToObj(i -> "Bearer token-" + i).toList();
  private static final Predicate<String> ALL = e -> true;

  private static ConsistentHash<String> ring(List<String> endpoints) {
    return new ConsistentHash<>(endpoints, Function.identity(), ConsistentHash.DEFAULT_REPLICAS);
  }

  private static Map<String, String> assign(LoadBalancer<String> lb, Predicate<String> available) {
    Map<String, String> owner = new HashMap<>();
    for (String key : KEYS) {
      owner.put(key, lb.select(key, available, null));
    }
    return owner;
  }

  @Test
  void aKeyAlwaysLandsOnTheSameEndpoint() {
    ConsistentHash<String> lb = ring(THREE);
    String first = lb.select("Bearer abc", ALL, null);
    for (int i = 0; i < 100; i++) {
      assertThat(lb.select("Bearer abc", ALL, null)).isEqualTo(first);
    }
    assertThat(ring(THREE).select(new StringBuilder("Bearer abc"), ALL, null))
        .as("a rebuilt ring and another CharSequence agree")
        .isEqualTo(first);
  }

  @ParameterizedTest(name = "{0} endpoints share 10,000 keys within {1}-{2}")
  @CsvSource({"3, 0.28, 0.39", "5, 0.16, 0.24", "10, 0.07, 0.13"})
  void spreadsKeysEvenly(int size, double min, double max) {
    List<String> endpoints =
        IntStream.range(0, size).mapToObj(i -> "10.0.1." + i + ":4444").toList();
    Map<String, Long> counts =
        assign(ring(endpoints), ALL).values().stream()
            .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    assertThat(counts).hasSize(size);
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      assertThat(e.getValue() / 10_000.0)
          .as("share of %s in %s", e.getKey(), counts)
          .isBetween(min, max);
    }
  }

  @Test
  void removingOneOfThreeMovesOnlyItsKeys() {
    Map<String, String> before = assign(ring(THREE), ALL);
    Map<String, String> after = assign(ring(List.of(THREE.get(0), THREE.get(2))), ALL);

    int moved = 0;
    for (String key : KEYS) {
      if (!before.get(key).equals(THREE.get(1))) {
        assertThat(after.get(key)).as(key).isEqualTo(before.get(key));
      } else {
        moved++;
      }
    }
    assertThat(moved).isBetween(2800, 3900);
  }

  @Test
  void addingAFourthTakesKeysOnlyForItself() {
    Map<String, String> before = assign(ring(THREE), ALL);
    String fourth = "10.0.0.4:4444";
    Map<String, String> after =
        assign(ring(List.of(THREE.get(0), THREE.get(1), THREE.get(2), fourth)), ALL);

    long moved = KEYS.stream().filter(k -> !after.get(k).equals(before.get(k))).count();
    assertThat(KEYS.stream().filter(k -> !after.get(k).equals(before.get(k))))
        .allMatch(k -> after.get(k).equals(fourth));
    assertThat(moved).isBetween(2000L, 3000L);
  }

  @Test
  void anUnavailableEndpointBehavesAsIfRemoved() {
    Map<String, String> ejected = assign(ring(THREE), e -> !e.equals(THREE.get(1)));
    Map<String, String> removed = assign(ring(List.of(THREE.get(0), THREE.get(2))), ALL);
    assertThat(ejected).isEqualTo(removed);
  }

  @Test
  void retryGoesToADifferentEndpointDeterministically() {
    ConsistentHash<String> lb = ring(THREE);
    for (String key : KEYS.subList(0, 500)) {
      String first = lb.select(key, ALL, null);
      String retry = lb.select(key, ALL, first);
      assertThat(retry).isNotEqualTo(first).isEqualTo(lb.select(key, ALL, first));
    }
  }

  @Test
  void panicsWhenNothingIsAvailableButStillAvoids() {
    ConsistentHash<String> lb = ring(THREE);
    String usual = lb.select("k", ALL, null);
    assertThat(lb.select("k", e -> false, null)).isEqualTo(usual);
    assertThat(lb.select("k", e -> false, usual)).isNotEqualTo(usual).isNotNull();
  }

  @Test
  void keylessRequestsAreSpreadRoundRobin() {
    ConsistentHash<String> lb = ring(THREE);
    assertThat(
            List.of(
                lb.select(null, ALL, null), lb.select(null, ALL, null), lb.select(null, ALL, null)))
        .containsExactlyElementsOf(THREE);
  }

  @Test
  void emptyRingSelectsNothing() {
    assertThat(ring(List.of()).select("k", ALL, null)).isNull();
    assertThat(ring(THREE).ringSize()).isEqualTo(3 * ConsistentHash.DEFAULT_REPLICAS);
  }

  @Test
  void theRingIgnoresTheOrderOfTheEndpointList() {
    Map<String, String> one = assign(ring(THREE), ALL);
    Map<String, String> other =
        assign(ring(List.of(THREE.get(2), THREE.get(0), THREE.get(1))), ALL);
    assertThat(other).isEqualTo(one);
  }

  @Test
  void pointsThatCollideAreOrderedByIdentityNotByListPosition() {
    // Every endpoint's points land on the same few values: only the tie-break decides.
    ToLongBiFunction<String, Integer> colliding = (id, r) -> r;
    ConsistentHash<String> ab = new ConsistentHash<>(THREE, Function.identity(), 4, colliding);
    ConsistentHash<String> ba =
        new ConsistentHash<>(
            List.of(THREE.get(2), THREE.get(1), THREE.get(0)), Function.identity(), 4, colliding);
    for (String key : KEYS.subList(0, 500)) {
      assertThat(ba.select(key, ALL, null)).as(key).isEqualTo(ab.select(key, ALL, null));
    }
  }
}
