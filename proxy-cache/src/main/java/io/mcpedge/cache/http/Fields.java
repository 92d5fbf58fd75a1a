package io.mcpedge.cache.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An immutable, ordered list of header field lines, as stored with a cached response.
 *
 * <p>Stored responses outlive the request that produced them and are read concurrently by many
 * event loops, so they hold their headers in this plain immutable form rather than in a view over a
 * pooled buffer. Names keep their original spelling; lookups ignore case.
 */
public final class Fields implements HeaderView {

  static final Fields EMPTY = new Fields(new String[0]);

  /** name0, value0, name1, value1, ... */
  private final String[] pairs;

  private Fields(String[] pairs) {
    this.pairs = pairs;
  }

  /** Copies every line of {@code view}. */
  public static Fields copyOf(HeaderView view) {
    if (view instanceof Fields f) {
      return f;
    }
    Builder b = builder();
    view.forEach(b::add);
    return b.build();
  }

  /** Fields from alternating names and values: {@code of("Content-Type", "text/plain")}. */
  public static Fields of(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException(
          "namesAndValues: " + namesAndValues.length + " elements (expected: an even number)");
    }
    Builder b = builder();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      b.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return b.build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Number of field lines. */
  public int size() {
    return pairs.length / 2;
  }

  public String name(int index) {
    return pairs[index * 2];
  }

  public String value(int index) {
    return pairs[index * 2 + 1];
  }

  @Override
  public String get(CharSequence name) {
    for (int i = 0; i < pairs.length; i += 2) {
      if (equalsIgnoreCase(pairs[i], name)) {
        return pairs[i + 1];
      }
    }
    return null;
  }

  @Override
  public List<String> getAll(CharSequence name) {
    List<String> out = null;
    for (int i = 0; i < pairs.length; i += 2) {
      if (equalsIgnoreCase(pairs[i], name)) {
        if (out == null) {
          out = new ArrayList<>(2);
        }
        out.add(pairs[i + 1]);
      }
    }
    return out == null ? List.of() : out;
  }

  @Override
  public void forEach(BiConsumer<String, String> action) {
    for (int i = 0; i < pairs.length; i += 2) {
      action.accept(pairs[i], pairs[i + 1]);
    }
  }

  /** A copy without the lines whose lower-cased name is in {@code lowerCaseNames}. */
  public Fields without(Set<String> lowerCaseNames) {
    Builder b = builder();
    forEach(
        (n, v) -> {
          if (!lowerCaseNames.contains(n.toLowerCase(Locale.ROOT))) {
            b.add(n, v);
          }
        });
    return b.build();
  }

  /** Approximate bytes these fields occupy on the heap, for the store's weigher. */
  public long weight() {
    long w = 16L + 8L * pairs.length;
    for (String s : pairs) {
      w += 40L + s.length();
    }
    return w;
  }

  static boolean equalsIgnoreCase(String a, CharSequence b) {
    if (b instanceof String s) {
      return a.equalsIgnoreCase(s);
    }
    return a.length() == b.length() && a.regionMatches(true, 0, b.toString(), 0, a.length());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Fields f && Arrays.equals(pairs, f.pairs);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(pairs);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    forEach((n, v) -> sb.append(n).append(": ").append(v).append('\n'));
    return sb.toString();
  }

  /** Collects field lines in order. */
  public static final class Builder {
    private final List<String> pairs = new ArrayList<>();

    private Builder() {}

    public Builder add(String name, String value) {
      pairs.add(Objects.requireNonNull(name, "name"));
      pairs.add(Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Removes every line of the named field. */
    public Builder remove(String name) {
      for (int i = pairs.size() - 2; i >= 0; i -= 2) {
        if (pairs.get(i).equalsIgnoreCase(name)) {
          pairs.remove(i + 1);
          pairs.remove(i);
        }
      }
      return this;
    }

    public Fields build() {
      return pairs.isEmpty() ? EMPTY : new Fields(pairs.toArray(new String[0]));
    }
  }
}
