package io.mcpedge.core.config;

import java.util.List;

/** Temporary stand-in with the agreed API; dropped when proxy-core's loader arrives. */
public final class ConfigException extends Exception {

  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
