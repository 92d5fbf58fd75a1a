package io.mcpedge.core.lb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoundRobinTest {

  private static final List<String> ABC = List.of("a", "b", "c");

  private static List<String> picks(
      LoadBalancer<String> lb, int n, Predicate<String> available, String avoid) {
    List<String> picks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      picks.add(lb.select(null, available, avoid));
    }
    return picks;
  }

  @ParameterizedTest(name = "unavailable [{0}], avoid {1}: {2}")
  @CsvSource({
    "'', '', a b c a b c",
    "b, '', a c c a c c",
    "'', b, a c c a c c",
    "a b, '', c c c c c c",
    "a b, c, c c c c c c", // the only available endpoint beats avoiding it
    "a b c, '', a b c a b c", // panic: everything is unavailable
    "a b c, a, b b c b b c",
  })
  void rotatesAndSkips(String unavailable, String avoid, String expected) {
    Set<String> down = Set.of(unavailable.isEmpty() ? new String[0] : unavailable.split(" "));
    RoundRobin<String> lb = new RoundRobin<>(ABC, 0);
    assertThat(
            String.join(" ", picks(lb, 6, e -> !down.contains(e), avoid.isEmpty() ? null : avoid)))
        .isEqualTo(expected);
  }

  @Test
  void startsWhereTold() {
    assertThat(picks(new RoundRobin<>(ABC, 2), 3, e -> true, null)).containsExactly("c", "a", "b");
  }

  @Test
  void emptyListSelectsNothing() {
    assertThat(new RoundRobin<String>(List.of(), 0).select(null, e -> true, null)).isNull();
  }
}
