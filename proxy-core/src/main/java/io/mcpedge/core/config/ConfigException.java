package io.mcpedge.core.config;

import java.util.List;

/**
 * A configuration that cannot be used, with every problem found in it. The loader reports all
 * problems at once so that a user fixes a file in one round instead of one error per restart.
 *
 * <p>Each problem reads {@code file: yaml.path: value (expected: what would be valid)}, for example
 * {@code edge.yaml: routes[1].upstream: "gatewy" (expected: one of [gateway])}.
 */
public final class ConfigException extends Exception {

  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super(String.join("\n", problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("problems: [] (expected: at least one problem)");
    }
    this.problems = List.copyOf(problems);
  }

  /** Every problem in the order found, each a complete line naming file, path and expectation. */
  public List<String> problems() {
    return problems;
  }
}
