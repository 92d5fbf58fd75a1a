package io.mcpedge.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The optional objects of the edge example: autoscaler, disruption budget, network policy. */
@Timeout(60)
class OptionalObjectsTest {

  @Test
  void theAutoscalerOwnsTheReplicaCountOfTheDeployment() {
    Rendered r = Chart.render(Chart.EXAMPLES.resolve("edge.yaml"));
    Deployment d = r.one(Deployment.class);
    HorizontalPodAutoscaler hpa = r.one(HorizontalPodAutoscaler.class);
    assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
    assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(d.getMetadata().getName());
    assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3);
    assertThat(d.getSpec().getReplicas()).as("left to the autoscaler").isNull();
    assertThat(r.one(PodDisruptionBudget.class).getSpec().getMinAvailable().getIntVal())
        .isEqualTo(1);
  }

  @Test
  void theProxyReachesOnlyTheGatewayRedisTheCollectorAndDns() {
    Rendered r =
        Chart.render(
            Chart.EXAMPLES.resolve("edge.yaml"),
            Map.of(
                "edge.networkPolicy.redis.enabled", "true",
                "edge.networkPolicy.redis.selector.app", "redis",
                "edge.otel.enabled", "true",
                "edge.networkPolicy.collectorSelector.app", "otel-collector"));
    NetworkPolicy np = r.one(NetworkPolicy.class);
    assertThat(np.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
    List<NetworkPolicyEgressRule> egress = np.getSpec().getEgress();
    assertThat(egress)
        .extracting(e -> e.getTo().isEmpty() ? "dns" : labels(e.getTo()))
        .containsExactly("{app=mcp-stack-gateway}", "{app=redis}", "{app=otel-collector}", "dns");
    assertThat(egress)
        .extracting(e -> e.getPorts().get(0).getPort().getIntVal())
        .containsExactly(4444, 6379, 4317, 53);
    // Clients reach http and https; Prometheus and the kubelet reach metrics.
    assertThat(np.getSpec().getIngress())
        .flatExtracting(i -> i.getPorts())
        .extracting(p -> p.getPort().getStrVal())
        .containsExactlyInAnyOrder("http", "https", "metrics");
  }

  @Test
  void aPublicServiceLeavesTheAdminPortToAClusterInternalOne() {
    Rendered r = Chart.render(Chart.EXAMPLES.resolve("edge.yaml"));
    Service pub = r.named(Service.class, "demo-mcp-edge");
    assertThat(pub.getSpec().getType()).isEqualTo("LoadBalancer");
    assertThat(pub.getSpec().getPorts())
        .extracting(p -> p.getName())
        .containsExactly("http", "https");
    Service metrics = r.named(Service.class, "demo-mcp-edge-metrics");
    assertThat(metrics.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(metrics.getSpec().getPorts())
        .extracting(p -> p.getName())
        .containsExactly("metrics");
  }

  private static String labels(List<NetworkPolicyPeer> peers) {
    assertThat(peers).hasSize(1);
    return peers.get(0).getPodSelector().getMatchLabels().toString();
  }
}
