package io.mcpedge.core.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpedge.core.config.LoadBalancerConfig;
import io.mcpedge.core.config.LoadBalancerPolicy;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoadBalancersTest {

  @ParameterizedTest
  @CsvSource({
    "ROUND_ROBIN, RoundRobin",
    "LEAST_REQUEST, LeastRequest",
    "CONSISTENT_HASH, ConsistentHash"
  })
  void buildsTheConfiguredPolicy(LoadBalancerPolicy policy, String type) {
    LoadBalancer<String> lb =
        LoadBalancers.create(
            new LoadBalancerConfig(policy, "Authorization"),
            List.of("a", "b"),
            Function.identity(),
            e -> 0,
            new ScriptedRandom(1, 0, 0));
    assertThat(lb.getClass().getSimpleName()).isEqualTo(type);
    assertThat(lb.endpoints()).containsExactly("a", "b");
    assertThat(lb.select("key", e -> true, null)).isIn("a", "b");
  }

  @ParameterizedTest
  @CsvSource({"ROUND_ROBIN", "LEAST_REQUEST", "CONSISTENT_HASH"})
  void noEndpointsSelectsNothing(LoadBalancerPolicy policy) {
    LoadBalancer<String> lb =
        LoadBalancers.create(
            new LoadBalancerConfig(policy, null),
            List.of(),
            Function.identity(),
            e -> 0,
            new ScriptedRandom());
    assertThat(lb.select("key", e -> true, null)).isNull();
  }

  @Test
  void requiresAPolicy() {
    assertThatThrownBy(
            () ->
                LoadBalancers.create(
                    new LoadBalancerConfig(null, null),
                    List.of("a"),
                    Function.identity(),
                    e -> 0,
                    new ScriptedRandom()))
        .hasMessage("policy: null (expected: a value)");
  }
}
