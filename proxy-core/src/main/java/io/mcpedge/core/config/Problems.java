package io.mcpedge.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Collects the problems of one config file while the loader walks it, so that all of them are
 * reported together. Also carries what every node needs to read a value: the file name and the
 * environment map.
 */
final class Problems {

  private final String fileName;
  private final Map<String, String> env;
  private final List<String> lines = new ArrayList<>();

  Problems(String fileName, Map<String, String> env) {
    this.fileName = fileName;
    this.env = Map.copyOf(env);
  }

  Map<String, String> env() {
    return env;
  }

  String fileName() {
    return fileName;
  }

  /** Records {@code file: path: value (expected: expectation)}. */
  void add(String path, String value, String expectation) {
    add(path, value + " (expected: " + expectation + ")");
  }

  /**
   * Records {@code file: path: detail}, where detail already reads {@code value (expected: ...)}.
   */
  void add(String path, String detail) {
    lines.add(fileName + ": " + (path.isEmpty() ? "(root)" : path) + ": " + detail);
  }

  /** Records a line that is not about one YAML path, such as a syntax error with its position. */
  void addLine(String detail) {
    lines.add(fileName + ": " + detail);
  }

  boolean isEmpty() {
    return lines.isEmpty();
  }

  List<String> lines() {
    return List.copyOf(lines);
  }
}
