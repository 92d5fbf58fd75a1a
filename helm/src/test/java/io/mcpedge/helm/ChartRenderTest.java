package io.mcpedge.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the rendered objects must say, for the default values and every example: the pod is hardened
 * and probed on the admin listener, selectors select what they mean to, ports carry the names the
 * probes and the ServiceMonitor use, and the files the config names are mounted.
 */
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChartRenderTest {

  private final Renderings renderings = new Renderings();

  Stream<String> renderings() {
    return Renderings.names();
  }

  Stream<String> deployments() {
    return Renderings.names().filter(n -> !n.equals("sidecar.yaml"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deployments")
  void thePodRunsAsNonRootOnAReadOnlyRootWithoutCapabilities(String name) {
    PodSpec pod = renderings.get(name).one(Deployment.class).getSpec().getTemplate().getSpec();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    Container c = proxy(pod);
    assertThat(c.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(c.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    // The JVM writes its perf data under /tmp: a writable scratch volume, not the root.
    assertThat(c.getVolumeMounts()).anyMatch(m -> m.getMountPath().equals("/tmp"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deployments")
  void probesAskTheAdminListenerForHealthAndReadiness(String name) {
    Rendered r = renderings.get(name);
    Container c = proxy(r.one(Deployment.class).getSpec().getTemplate().getSpec());
    String edgeYaml = r.edgeYaml();
    assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health");
    assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/ready");
    assertThat(c.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("metrics");
    assertThat(c.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("metrics");
    // The port named metrics is the admin listener's, and http the listener's.
    assertThat(port(c, "metrics")).isEqualTo(EdgeYaml.address(edgeYaml, "/admin/address").port());
    assertThat(port(c, "http"))
        .isEqualTo(EdgeYaml.address(edgeYaml, "/listeners/0/address").port());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deployments")
  void terminationWaitsForPreStopAndTheDrainOfOpenStreams(String name) {
    Rendered r = renderings.get(name);
    PodSpec pod = r.one(Deployment.class).getSpec().getTemplate().getSpec();
    long preStop = proxy(pod).getLifecycle().getPreStop().getSleep().getSeconds();
    long drain =
        EdgeYaml.duration(r.edgeYaml(), "/server/drainTimeout", Duration.ofSeconds(30)).toSeconds();
    assertThat(preStop).isPositive();
    assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThan(preStop + drain);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deployments")
  void theHeapIsAShareOfTheMemoryLimitNotAFixedXmx(String name) {
    Container c =
        proxy(renderings.get(name).one(Deployment.class).getSpec().getTemplate().getSpec());
    String jvm = env(c, "JDK_JAVA_OPTIONS");
    assertThat(jvm).containsPattern("-XX:MaxRAMPercentage=\\d+").doesNotContain("-Xmx");
    assertThat(c.getResources().getLimits()).containsKey("memory");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deployments")
  void selectorsSelectThePodsTheyMean(String name) {
    Rendered r = renderings.get(name);
    Deployment d = r.one(Deployment.class);
    Map<String, String> podLabels = d.getSpec().getTemplate().getMetadata().getLabels();
    assertThat(podLabels).containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());
    Map<String, String> serviceSelector =
        r.named(Service.class, d.getMetadata().getName()).getSpec().getSelector();
    assertThat(serviceSelector).isNotEmpty();
    assertThat(podLabels).containsAllEntriesOf(serviceSelector);
    d.getSpec()
        .getTemplate()
        .getSpec()
        .getTopologySpreadConstraints()
        .forEach(
            t -> assertThat(podLabels).containsAllEntriesOf(t.getLabelSelector().getMatchLabels()));
    assertThat(d.getSpec().getTemplate().getSpec().getTopologySpreadConstraints())
        .extracting(t -> t.getTopologyKey())
        .contains("kubernetes.io/hostname", "topology.kubernetes.io/zone");
    r.maybe(PodDisruptionBudget.class)
        .ifPresent(
            p ->
                assertThat(podLabels)
                    .containsAllEntriesOf(p.getSpec().getSelector().getMatchLabels()));
    r.maybe(NetworkPolicy.class)
        .ifPresent(
            p ->
                assertThat(podLabels)
                    .containsAllEntriesOf(p.getSpec().getPodSelector().getMatchLabels()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renderings")
  void theServiceMonitorFindsAServicePortNamedMetricsOnTheAdminListener(String name) {
    Rendered r = renderings.get(name);
    r.maybe(ServiceMonitor.class)
        .ifPresent(
            sm -> {
              assertThat(sm.getSpec().getEndpoints())
                  .singleElement()
                  .satisfies(
                      e -> {
                        assertThat(e.getPort()).isEqualTo("metrics");
                        assertThat(e.getPath()).isEqualTo("/stats/prometheus");
                      });
              List<Service> scraped =
                  r.all(Service.class).stream()
                      .filter(
                          s ->
                              s.getMetadata()
                                  .getLabels()
                                  .entrySet()
                                  .containsAll(
                                      sm.getSpec().getSelector().getMatchLabels().entrySet()))
                      .filter(s -> servicePort(s, "metrics") != null)
                      .toList();
              assertThat(scraped).as("Services the ServiceMonitor scrapes").hasSize(1);
              ServicePort metrics = servicePort(scraped.get(0), "metrics");
              assertThat(metrics.getTargetPort().getStrVal()).isEqualTo("metrics");
              assertThat(scraped.get(0).getSpec().getType()).isEqualTo("ClusterIP");
            });
    if (!name.equals(Renderings.DEFAULTS)) {
      assertThat(r.all(ServiceMonitor.class)).as("every example turns monitoring on").hasSize(1);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deployments")
  void theConfigIsMountedWhereTheProxyIsToldToReadIt(String name) {
    Rendered r = renderings.get(name);
    PodSpec pod = r.one(Deployment.class).getSpec().getTemplate().getSpec();
    Container c = proxy(pod);
    assertThat(c.getArgs()).hasSize(2).startsWith("--config");
    String file = c.getArgs().get(1);
    VolumeMount mount = mountOf(c, file);
    Volume volume = volume(pod, mount.getName());
    String cm = volume.getConfigMap().getName();
    String key = file.substring(mount.getMountPath().length() + 1);
    assertThat(r.named(ConfigMap.class, cm).getData()).containsKey(key);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deployments")
  void aChangedConfigChangesTheChecksumThatRollsThePods(String name) throws Exception {
    Rendered r = renderings.get(name);
    String annotation =
        r.one(Deployment.class)
            .getSpec()
            .getTemplate()
            .getMetadata()
            .getAnnotations()
            .get("checksum/edge-config");
    byte[] sha =
        MessageDigest.getInstance("SHA-256").digest(r.edgeYaml().getBytes(StandardCharsets.UTF_8));
    assertThat(annotation).isEqualTo(HexFormat.of().formatHex(sha));
  }

  @org.junit.jupiter.api.Test
  void withRollingOffAChangedConfigLeavesThePodsRunning() {
    Deployment d =
        Chart.render(null, Map.of("edge.rollOnConfigChange", "false")).one(Deployment.class);
    assertThat(d.getSpec().getTemplate().getMetadata().getAnnotations()).isNullOrEmpty();
    // The whole folder is mounted (no subPath), so the kubelet updates the file in place.
    assertThat(proxy(d.getSpec().getTemplate().getSpec()).getVolumeMounts())
        .allSatisfy(m -> assertThat(m.getSubPath()).isNull());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deployments")
  void theTlsSecretIsMountedWhereTheConfigReadsItsFiles(String name) {
    Rendered r = renderings.get(name);
    PodSpec pod = r.one(Deployment.class).getSpec().getTemplate().getSpec();
    Container c = proxy(pod);
    boolean proxyTls = name.equals("edge.yaml");
    assertThat(
            servicePort(
                    r.named(Service.class, r.one(Deployment.class).getMetadata().getName()),
                    "https")
                != null)
        .isEqualTo(proxyTls);
    if (!proxyTls) {
      assertThat(pod.getVolumes()).noneMatch(v -> v.getSecret() != null);
      return;
    }
    Volume tls =
        pod.getVolumes().stream().filter(v -> v.getSecret() != null).findFirst().orElseThrow();
    assertThat(tls.getSecret().getSecretName()).isEqualTo("mcp-gateway-tls");
    VolumeMount mount =
        c.getVolumeMounts().stream()
            .filter(m -> m.getName().equals(tls.getName()))
            .findFirst()
            .orElseThrow();
    assertThat(r.edgeYaml())
        .contains(mount.getMountPath() + "/tls.crt")
        .contains(mount.getMountPath() + "/tls.key");
    assertThat(port(c, "https")).isPositive();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renderings")
  void everyDocumentIsATypedObjectOfTheRelease(String name) {
    Rendered r = renderings.get(name);
    assertThat(r.objects()).isNotEmpty();
    assertThat(r.objects())
        .allSatisfy(
            o -> {
              assertThat(o.getMetadata().getName()).startsWith(Chart.RELEASE + "-mcp-edge");
              assertThat(o.getMetadata().getLabels())
                  .containsEntry("app.kubernetes.io/instance", Chart.RELEASE);
            });
  }

  static Container proxy(PodSpec pod) {
    return pod.getContainers().stream()
        .filter(c -> c.getName().equals("mcp-edge"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no mcp-edge container"));
  }

  static int port(Container c, String name) {
    return c.getPorts().stream()
        .filter(p -> name.equals(p.getName()))
        .map(ContainerPort::getContainerPort)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no container port " + name));
  }

  static String env(Container c, String name) {
    return c.getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no env " + name))
        .getValue();
  }

  static ServicePort servicePort(Service s, String name) {
    return s.getSpec().getPorts().stream()
        .filter(p -> name.equals(p.getName()))
        .findFirst()
        .orElse(null);
  }

  static VolumeMount mountOf(Container c, String file) {
    return c.getVolumeMounts().stream()
        .filter(m -> file.startsWith(m.getMountPath() + "/"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("nothing mounted at " + file));
  }

  static Volume volume(PodSpec pod, String name) {
    return pod.getVolumes().stream()
        .filter(v -> v.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no volume " + name));
  }

  static long bytes(Quantity q) {
    return Quantity.getAmountInBytes(q).longValueExact();
  }
}
