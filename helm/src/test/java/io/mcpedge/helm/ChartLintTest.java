package io.mcpedge.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code helm lint --strict}: no error and no warning, for the defaults and every example. */
@Timeout(60)
class ChartLintTest {

  static java.util.stream.Stream<String> renderings() {
    return Renderings.names();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renderings")
  void lintsCleanInStrictMode(String name, @TempDir Path work) throws Exception {
    LintResult result = Chart.lint(Renderings.valuesFile(name), work);
    assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    assertThat(result.getMessages())
        .noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
  }
}
