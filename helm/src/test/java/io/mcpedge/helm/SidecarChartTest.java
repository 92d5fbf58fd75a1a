package io.mcpedge.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.mcpedge.core.config.EdgeConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * sidecar mode as the mcp-stack chart uses it: a parent chart (a stand-in under test resources)
 * lists this chart as a dependency and includes {@code mcp-edge.sidecar.container} in its gateway's
 * pod; the proxy forwards to the gateway on loopback.
 */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SidecarChartTest {

  private Rendered r;

  @BeforeAll
  void render(@TempDir Path work) throws Exception {
    Path parent = work.resolve("mcp-stack");
    Chart.copyTree(Path.of("src", "test", "resources", "mcp-stack"), parent);
    Chart.copyTree(Chart.DIR, parent.resolve("charts").resolve("mcp-edge"));
    r =
        Rendered.parse(
            new Helm(parent)
                .template()
                .withName(Chart.RELEASE)
                .withNamespace(Chart.NAMESPACE)
                .call());
  }

  @Test
  void theProxyRunsInTheGatewaysPodWithTheConfigOfThisChart() {
    Deployment gateway = r.named(Deployment.class, "demo-mcp-stack-gateway");
    PodSpec pod = gateway.getSpec().getTemplate().getSpec();
    assertThat(pod.getContainers())
        .extracting(Container::getName)
        .containsExactly("gateway", "mcp-edge");
    Container proxy = ChartRenderTest.proxy(pod);
    // The subchart's image version, not the parent's appVersion.
    assertThat(proxy.getImage()).isEqualTo("mcp-edge:0.1.0");
    assertThat(proxy.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    String file = proxy.getArgs().get(1);
    VolumeMount mount = ChartRenderTest.mountOf(proxy, file);
    String cm = ChartRenderTest.volume(pod, mount.getName()).getConfigMap().getName();
    ConfigMap config = r.named(ConfigMap.class, cm);
    EdgeConfig cfg = EdgeYaml.load(config.getData().get("edge.yaml"));
    assertThat(cfg.upstreams().get(0).endpoints())
        .singleElement()
        .hasToString("http://127.0.0.1:4444");
    assertThat(ChartRenderTest.port(proxy, "http"))
        .isEqualTo(cfg.listeners().get(0).address().port());
  }

  @Test
  void aChangedConfigRollsTheGatewayPods() throws Exception {
    Deployment gateway = r.named(Deployment.class, "demo-mcp-stack-gateway");
    String annotation =
        gateway.getSpec().getTemplate().getMetadata().getAnnotations().get("checksum/edge-config");
    byte[] sha =
        MessageDigest.getInstance("SHA-256").digest(r.edgeYaml().getBytes(StandardCharsets.UTF_8));
    assertThat(annotation).isEqualTo(HexFormat.of().formatHex(sha));
  }

  @Test
  void theServiceSelectsTheGatewayPodsOnThePortsOfTheSidecar() {
    Deployment gateway = r.named(Deployment.class, "demo-mcp-stack-gateway");
    Service service = r.named(Service.class, "demo-mcp-edge");
    assertThat(gateway.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(service.getSpec().getSelector());
    Container proxy = ChartRenderTest.proxy(gateway.getSpec().getTemplate().getSpec());
    assertThat(service.getSpec().getPorts())
        .allSatisfy(
            p ->
                assertThat(proxy.getPorts())
                    .anyMatch(cp -> p.getTargetPort().getStrVal().equals(cp.getName())));
    assertThat(r.all(Deployment.class))
        .extracting(d -> d.getMetadata().getName())
        .containsExactly("demo-mcp-stack-gateway");
  }
}
