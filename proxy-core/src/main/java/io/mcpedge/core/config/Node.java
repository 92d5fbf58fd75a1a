package io.mcpedge.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A YAML node together with its path ({@code routes[1].match.path}), so that every value read from
 * it can be reported with its exact location. Typed reads live in {@link Fields}; this class knows
 * the shape of the tree: mappings, lists, scalars, and environment substitution in scalars.
 *
 * <p>An absent key and an explicit YAML {@code null} are treated alike: both mean "not set".
 */
final class Node {

  private final JsonNode json;
  private final String path;
  private final Problems problems;

  private Node(JsonNode json, String path, Problems problems) {
    this.json = json == null || json.isNull() || json.isMissingNode() ? null : json;
    this.path = path;
    this.problems = problems;
  }

  static Node root(JsonNode json, Problems problems) {
    return new Node(json, "", problems);
  }

  String path() {
    return path;
  }

  Problems problems() {
    return problems;
  }

  boolean present() {
    return json != null;
  }

  Node child(String key) {
    return new Node(
        json == null || !json.isObject() ? null : json.get(key),
        path.isEmpty() ? key : path + "." + key,
        problems);
  }

  /** Reports a problem with this node's value. */
  void problem(String expectation) {
    problems.add(path, render(), expectation);
  }

  /** Reports a problem whose detail already reads {@code value (expected: ...)}. */
  void problemDetail(String detail) {
    problems.add(path, detail);
  }

  /** Reports that this required node is absent. */
  void missing(String expectation) {
    problems.add(path, "missing", expectation);
  }

  /**
   * Checks that this node is a mapping whose keys are all in {@code keys}, reporting each unknown
   * key. Returns false (after reporting) when the node is not a mapping at all.
   */
  boolean mapping(String expectation, List<String> keys) {
    if (json == null) {
      return false;
    }
    if (!json.isObject()) {
      problem(expectation);
      return false;
    }
    Iterator<String> names = json.fieldNames();
    while (names.hasNext()) {
      String key = names.next();
      if (!keys.contains(key)) {
        problems.add(child(key).path, "unknown key", "one of " + keys);
      }
    }
    return true;
  }

  /** The elements of this list; empty when absent or (after reporting) not a list. */
  List<Node> elements(String expectation) {
    List<Node> out = new ArrayList<>();
    if (json == null) {
      return out;
    }
    if (!json.isArray()) {
      problem(expectation);
      return out;
    }
    for (int i = 0; i < json.size(); i++) {
      out.add(new Node(json.get(i), path + "[" + i + "]", problems));
    }
    return out;
  }

  boolean isList() {
    return json != null && json.isArray();
  }

  boolean isText() {
    return json != null && json.isTextual();
  }

  boolean isBoolean() {
    return json != null && json.isBoolean();
  }

  boolean booleanValue() {
    return json.booleanValue();
  }

  boolean isIntegral() {
    return json != null && json.isIntegralNumber();
  }

  boolean isNumber() {
    return json != null && json.isNumber();
  }

  double doubleValue() {
    return json.doubleValue();
  }

  /** The keys of this mapping in document order; empty when it is not one. */
  List<String> keys() {
    List<String> out = new ArrayList<>();
    if (json != null && json.isObject()) {
      json.fieldNames().forEachRemaining(out::add);
    }
    return out;
  }

  boolean fitsLong() {
    return json.canConvertToLong();
  }

  long longValue() {
    return json.longValue();
  }

  /**
   * The text of a string scalar with environment references substituted, or {@code null} after
   * reporting when a reference cannot be resolved. Only call when {@link #isText()}.
   */
  String text() {
    String raw = json.textValue();
    if (!EnvSubstitution.needed(raw)) {
      return raw;
    }
    try {
      return EnvSubstitution.apply(raw, problems.env());
    } catch (IllegalArgumentException e) {
      problems.add(path, quote(raw), e.getMessage());
      return null;
    }
  }

  /** True when this scalar is a string holding an environment reference. */
  boolean substituted() {
    return isText() && EnvSubstitution.needed(json.textValue());
  }

  /** The value as an error message shows it: strings quoted, numbers and booleans raw. */
  String render() {
    if (json == null) {
      return "missing";
    }
    if (json.isTextual()) {
      return quote(json.textValue());
    }
    if (json.isObject()) {
      return "a mapping";
    }
    if (json.isArray()) {
      return "a list";
    }
    return json.asText();
  }

  static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        default -> b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
