package io.mcpedge.core.lb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LeastRequestTest {

  private static final List<String> ABCD = List.of("a", "b", "c", "d");
  private static final Map<String, Integer> LOAD = Map.of("a", 5, "b", 1, "c", 3, "d", 1);

  @ParameterizedTest(name = "draws {0},{1} (unavailable {2}, avoid {3}): {4}")
  @CsvSource({
    "0, 0, '', '', b", // second draw 0 skips the first: a vs b
    "0, 1, '', '', c", // a vs c
    "2, 0, '', '', c", // c vs a
    "3, 0, '', '', d", // d vs a
    "1, 2, '', '', b", // b vs d, equal load: the first draw wins
    "0, 0, b, '', c", // b unavailable: replaced by c
    "0, 0, '', b, c", // b avoided on retry
    "1, 0, a b c d, '', b", // panic: load is not consulted
  })
  void takesTheLessLoadedOfTwoDraws(
      int first, int second, String unavailable, String avoid, String expected) {
    List<String> down = unavailable.isEmpty() ? List.of() : List.of(unavailable.split(" "));
    LeastRequest<String> lb =
        new LeastRequest<>(ABCD, LOAD::get, new ScriptedRandom(first, second));
    assertThat(lb.select(null, e -> !down.contains(e), avoid.isEmpty() ? null : avoid))
        .isEqualTo(expected);
  }

  @Test
  void followsLoadOverManyPicks() {
    Map<String, Integer> load = new HashMap<>(Map.of("a", 0, "b", 0, "c", 0));
    Map<String, Integer> picks = new HashMap<>();
    LeastRequest<String> lb =
        new LeastRequest<>(List.of("a", "b", "c"), load::get, new SplittableRandom(7));
    for (int i = 0; i < 3000; i++) {
      String e = lb.select(null, x -> true, null);
      picks.merge(e, 1, Integer::sum);
      // a request to a stays twice as long, so a carries twice the load per pick
      load.merge(e, e.equals("a") ? 2 : 1, Integer::sum);
    }
    assertThat(picks.get("a")).as("picks %s", picks).isLessThan(picks.get("b") * 6 / 10);
    int max = load.values().stream().mapToInt(Integer::intValue).max().getAsInt();
    int min = load.values().stream().mapToInt(Integer::intValue).min().getAsInt();
    assertThat(max - min).as("loads %s", load).isLessThan(20);
  }

  @Test
  void singleOrNoEndpoint() {
    assertThat(
            new LeastRequest<>(List.of("a"), e -> 0, new ScriptedRandom())
                .select(null, e -> false, "a"))
        .isEqualTo("a");
    assertThat(
            new LeastRequest<String>(List.of(), e -> 0, new ScriptedRandom())
                .select(null, e -> true, null))
        .isNull();
  }
}
