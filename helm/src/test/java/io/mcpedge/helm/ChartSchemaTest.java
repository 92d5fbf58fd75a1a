package io.mcpedge.helm;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad values fail at install with the message the user sees: the schema's (values.schema.json) for
 * types and forms, the templates' for what depends on several values.
 */
@Timeout(60)
class ChartSchemaTest {

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          edge.mode                       | ingress  | at '/edge/mode': value must be one of 'edge', 'gateway', 'sidecar'
          edge.replicas                   | two      | at '/edge/replicas': got string, want integer
          edge.replicas                   | 0        | at '/edge/replicas': minimum: got 0, want 1
          edge.replica                    | 3        | at '/edge': additional properties 'replica' not allowed
          edge.cache.memorySize           | 1GB      | at '/edge/cache/memorySize': '1GB' does not match pattern
          edge.routes.timeouts.streams    | 1.5h     | at '/edge/routes/timeouts/streams': '1.5h' does not match pattern
          edge.rateLimit.requestsPerSecond| -1       | at '/edge/rateLimit/requestsPerSecond': minimum: got -1, want 1
          edge.otel.port                  | 70000    | at '/edge/otel/port': maximum: got 70,000, want 65,535
          edge.tls.secretName             | My_Cert  | at '/edge/tls/secretName': 'My_Cert' does not match pattern
          edge.upstream.protocol          | h2       | at '/edge/upstream/protocol': value must be one of 'http1', 'h2c'
          edge.server.drainTimeout        | 1m30s    | at '/edge/server/drainTimeout': '1m30s' does not match pattern
          """)
  void theSchemaRefusesBadValuesWithItsPath(String key, String value, String message) {
    assertThatThrownBy(() -> Chart.render(null, Map.of(key, value)))
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining(message.strip());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          a cache the heap cannot hold | edge.cache.enabled=true,edge.cache.memorySize=1G | edge.cache.memorySize: 1G does not fit the heap (expected: a heap of 1149Mi or more; the heap is edge.jvm.maxRAMPercentage 75% of edge.resources.limits.memory 1Gi = 768Mi, so raise limits.memory to at least 1531Mi or lower memorySize)
          a sidecar without its pods   | edge.mode=sidecar                                | edge.sidecar.selector: empty (expected: the labels of the gateway pods
          a headless upstream of none  | edge.upstream.headless.enabled=true              | edge.upstream.headless.selector: empty (expected: the labels of the gateway pods
          an HTTPRoute without parent  | edge.mode=gateway,edge.gateway.create=false      | edge.gateway.parentRef.name: required when edge.gateway.create is false
          """)
  void theTemplatesRefuseValuesThatDoNotFitTogether(String what, String sets, String message) {
    Map<String, String> values = new java.util.LinkedHashMap<>();
    for (String set : sets.split(",")) {
      String[] kv = set.split("=", 2);
      values.put(kv[0].strip(), kv[1].strip());
    }
    assertThatThrownBy(() -> Chart.render(null, values)).hasMessageContaining(message.strip());
  }
}
