package io.mcpedge.core.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A YAML mapping whose keys have been checked against the allowed set, with typed reads by key.
 * Optional reads return the given default when the key is absent or its value is invalid (the
 * problem is reported either way); required reads report a missing key and return {@code null}.
 */
final class Fields {

  private final Node node;
  private final boolean valid;

  private Fields(Node node, boolean valid) {
    this.node = node;
    this.valid = valid;
  }

  /** Checks that {@code node} is a mapping with only {@code keys}; absent nodes read as empty. */
  static Fields of(Node node, String expectation, List<String> keys) {
    return new Fields(node, node.mapping(expectation, keys));
  }

  /** True when the mapping exists and is a mapping. */
  boolean present() {
    return valid;
  }

  boolean has(String key) {
    return valid && node.child(key).present();
  }

  Node node() {
    return node;
  }

  Node child(String key) {
    return node.child(key);
  }

  String path() {
    return node.path();
  }

  String string(String key, String def) {
    Node n = node.child(key);
    if (!n.present()) {
      return def;
    }
    String s = Scalars.string(n);
    return s == null ? def : s;
  }

  String requiredString(String key) {
    Node n = required(key, "a string");
    return n == null ? null : Scalars.string(n);
  }

  String requiredName(String key) {
    Node n = required(key, "a name");
    return n == null ? null : Scalars.name(n);
  }

  long integer(String key, long def, long min, long max) {
    Node n = node.child(key);
    if (!n.present()) {
      return def;
    }
    Long v = Scalars.integer(n, min, max);
    return v == null ? def : v;
  }

  int integer(String key, int def, int min, int max) {
    return (int) integer(key, (long) def, min, (long) max);
  }

  /** A percentage, 0..100. */
  int percent(String key, int def) {
    return integer(key, def, 0, 100);
  }

  boolean bool(String key, boolean def) {
    Node n = node.child(key);
    if (!n.present()) {
      return def;
    }
    Boolean b = Scalars.bool(n);
    return b == null ? def : b;
  }

  /** An optional duration; {@code def} may be {@code null} for keys that are nullable. */
  Duration duration(String key, Duration def, Scalars.Bound bound) {
    Node n = node.child(key);
    if (!n.present()) {
      return def;
    }
    Duration d = Scalars.duration(n, bound);
    return d == null ? def : d;
  }

  ByteSize size(String key, ByteSize def, long minBytes) {
    return size(key, def, minBytes, Long.MAX_VALUE);
  }

  ByteSize size(String key, ByteSize def, long minBytes, long maxBytes) {
    Node n = node.child(key);
    if (!n.present()) {
      return def;
    }
    ByteSize s = Scalars.size(n, minBytes, maxBytes);
    return s == null ? def : s;
  }

  <E> E choice(String key, E def, Spelling<E> spelling) {
    Node n = node.child(key);
    if (!n.present()) {
      return def;
    }
    E e = Scalars.choice(n, spelling);
    return e == null ? def : e;
  }

  <E> E requiredChoice(String key, Spelling<E> spelling) {
    Node n = required(key, "one of " + spelling.names());
    return n == null ? null : Scalars.choice(n, spelling);
  }

  /** A list of strings; {@code def} when absent. Invalid elements are reported and left out. */
  List<String> strings(String key, List<String> def) {
    Node n = node.child(key);
    if (!n.present()) {
      return def;
    }
    List<String> out = new ArrayList<>();
    for (Node e : n.elements("a list of strings")) {
      String s = Scalars.string(e);
      if (s != null) {
        out.add(s);
      }
    }
    return out;
  }

  /** The child node of a required key, or {@code null} after reporting it missing. */
  Node required(String key, String expectation) {
    Node n = node.child(key);
    if (!n.present()) {
      if (valid) {
        n.missing(expectation);
      }
      return null;
    }
    return n;
  }
}
