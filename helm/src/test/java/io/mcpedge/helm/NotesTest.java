package io.mcpedge.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import java.nio.file.Path;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** NOTES.txt, as {@code helm install} prints it (a client-only dry run: no cluster needed). */
@Timeout(60)
class NotesTest {

  static java.util.stream.Stream<String> renderings() {
    return Renderings.names();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renderings")
  void theNotesSayHowToReachTheProxyAndCheckXCache(String name) {
    InstallCommand install =
        new Helm(Chart.DIR)
            .install()
            .withName(Chart.RELEASE)
            .withNamespace(Chart.NAMESPACE)
            .dryRun()
            .clientOnly();
    Path values = Renderings.valuesFile(name);
    if (values != null) {
      install = install.withValuesFile(values.toAbsolutePath());
    }
    String notes = install.call().getOutput();
    assertThat(notes)
        .contains("port-forward svc/demo-mcp-edge 8080:80")
        .contains("grep -i x-cache")
        .contains("/stats/prometheus")
        .doesNotContain("<no value>");
    if (name.equals("gateway.yaml")) {
      assertThat(notes).contains("Gateway demo-mcp-edge", "HTTPRoute demo-mcp-edge-routes");
    }
  }
}
