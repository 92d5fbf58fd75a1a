package io.mcpedge.core.route;

import io.mcpedge.core.config.MatchType;
import io.mcpedge.core.config.PathMatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * Which routes of a table can match a request path, in table order, so that a table of a thousand
 * routes costs about what a table of ten does: a path visits only the routes whose path match it
 * can pass, instead of every route's match in turn. The table still runs each candidate's full
 * match (path, methods, host, headers and whatever else a route's match checks) and takes the first
 * that passes, so the index changes the cost of first-match-wins, never its answer.
 *
 * <p>A character trie holds each exact path, each prefix and the literal start of each anchored
 * regular expression, or the literal start of each of its alternatives (see {@link
 * RegexLiteralStarts}): a route placed at several nodes is a candidate below each, once. Every node
 * knows, already merged in table order, the candidates of a path that reaches it and then ends,
 * goes on with {@code /}, or goes on with another character: an exact path is a candidate when the
 * path ends at its node, a prefix when the path ends there or goes on with {@code /} (Gateway API's
 * whole-segment rule), and a regular expression once its literal start is consumed. Routes the trie
 * cannot place (a prefix of {@code /}, an expression without a literal start) are candidates of
 * every node. A lookup walks the path once and returns one precomputed array: it allocates nothing.
 * Runs of characters that hold no route and do not branch are one edge (a radix trie), compared
 * with {@code regionMatches}; a path that leaves or ends inside an edge gets the candidates of the
 * edge's start, since nothing along it adds any. Nodes without routes of their own share their
 * parent's arrays.
 *
 * <p>Built once per table and immutable, so a reload that swaps tables swaps indexes with them.
 */
final class RouteIndex {

  private static final int[] NONE = new int[0];

  private final Node root;

  private RouteIndex(Node root) {
    this.root = root;
  }

  /** Indexes the path matches of a table's routes, by their position in the table. */
  static RouteIndex build(List<PathMatch> paths) {
    Builder rootBuilder = new Builder();
    List<Integer> everywhere = new ArrayList<>();
    for (int i = 0; i < paths.size(); i++) {
      PathMatch p = paths.get(i);
      if (p.type() == MatchType.REGULAR_EXPRESSION) {
        List<String> starts = RegexLiteralStarts.of(p.value());
        if (starts == null) {
          everywhere.add(i);
        } else {
          for (String start : starts) {
            List<Integer> here = rootBuilder.at(start).regex;
            if (here.isEmpty() || here.get(here.size() - 1) != i) {
              here.add(i); // "^/a|^/a" places the route once
            }
          }
        }
        continue;
      }
      // The same value PathMatcher compares with (a prefix loses its trailing slash).
      String value = new PathMatcher(p).literalPrefix();
      if (p.type() == MatchType.EXACT) {
        rootBuilder.at(value).exact.add(i);
      } else if (value.isEmpty()) {
        everywhere.add(i); // PathMatcher: an empty prefix matches every path
      } else {
        rootBuilder.at(value).prefix.add(i);
      }
    }
    return new RouteIndex(rootBuilder.freeze(toArray(everywhere), ""));
  }

  /** The routes whose path match {@code path} can pass, in table order; shared, never changed. */
  int[] candidates(String path) {
    Node n = root;
    int k = 0;
    int len = path.length();
    while (k < len) {
      Node child = n.child(path.charAt(k));
      if (child == null) {
        break;
      }
      String tail = child.tail;
      int m = tail.length();
      if (m > 0 && !path.regionMatches(k + 1, tail, 0, m)) {
        return child.entry; // the path leaves or ends inside the edge
      }
      n = child;
      k += 1 + m;
    }
    if (k == len) {
      return n.ending;
    }
    return path.charAt(k) == '/' ? n.slashNext : n.otherNext;
  }

  private static final class Node {
    /** Children by {@code key - base} when the keys span at most {@link #DENSE} characters. */
    static final int DENSE = 128;

    final char base;
    final Node[] dense;
    final char[] keys;
    final Node[] children;

    /** The characters of the edge to this node after its key in the parent. */
    final String tail;

    /** Candidates of a path that leaves or ends inside the edge to this node. */
    final int[] entry;

    /** Candidates when the path ends at this node: exact paths and prefixes here, and above. */
    final int[] ending;

    /** Candidates when the path goes on with a {@code /} this trie does not hold. */
    final int[] slashNext;

    /** Candidates when the path goes on with another character this trie does not hold. */
    final int[] otherNext;

    Node(
        char[] keys,
        Node[] children,
        String tail,
        int[] entry,
        int[] ending,
        int[] slashNext,
        int[] otherNext) {
      this.keys = keys;
      this.children = children;
      int span = keys.length == 0 ? 0 : keys[keys.length - 1] - keys[0] + 1;
      this.base = keys.length == 0 ? 0 : keys[0];
      if (span <= DENSE) {
        // A path character picks its child with one bounds check and one load.
        dense = new Node[span];
        for (int i = 0; i < keys.length; i++) {
          dense[keys[i] - base] = children[i];
        }
      } else {
        dense = null;
      }
      this.tail = tail;
      this.entry = entry;
      this.ending = ending;
      this.slashNext = slashNext;
      this.otherNext = otherNext;
    }

    Node child(char c) {
      Node[] d = dense;
      if (d != null) {
        int i = c - base;
        return i >= 0 && i < d.length ? d[i] : null;
      }
      int i = Arrays.binarySearch(keys, c);
      return i < 0 ? null : children[i];
    }
  }

  /** A node while the table is read, with the routes placed at it. */
  private static final class Builder {
    final TreeMap<Character, Builder> children = new TreeMap<>();
    final List<Integer> exact = new ArrayList<>();
    final List<Integer> prefix = new ArrayList<>();
    final List<Integer> regex = new ArrayList<>();

    Builder at(String value) {
      Builder b = this;
      for (int i = 0; i < value.length(); i++) {
        b = b.children.computeIfAbsent(value.charAt(i), c -> new Builder());
      }
      return b;
    }

    boolean holdsRoutes() {
      return !exact.isEmpty() || !prefix.isEmpty() || !regex.isEmpty();
    }

    /**
     * @param reaching routes that are candidates of every path reaching this node, regular
     *     expressions placed here not yet included
     * @param tail the characters of the edge to this node after its key
     */
    Node freeze(int[] reaching, String tail) {
      int[] here = merge(reaching, toArray(regex));
      int[] withPrefix = merge(here, toArray(prefix));
      int[] ending = merge(withPrefix, toArray(exact));
      char[] keys = new char[children.size()];
      Node[] nodes = new Node[children.size()];
      int i = 0;
      for (var e : children.entrySet()) {
        keys[i] = e.getKey();
        // Along a run of nodes without routes or branches nothing is added: one edge.
        StringBuilder run = new StringBuilder();
        Builder b = e.getValue();
        while (!b.holdsRoutes() && b.children.size() == 1) {
          var only = b.children.firstEntry();
          run.append(only.getKey().charValue());
          b = only.getValue();
        }
        nodes[i] = b.freeze(keys[i] == '/' ? withPrefix : here, run.toString());
        i++;
      }
      return new Node(keys, nodes, tail, reaching, ending, withPrefix, here);
    }
  }

  private static int[] toArray(List<Integer> list) {
    return list.isEmpty() ? NONE : list.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * The union of two ascending arrays, ascending and without repeats (a route with two literal
   * starts, one extending the other, reaches the longer one's node twice); {@code a} itself when
   * {@code b} is empty.
   */
  private static int[] merge(int[] a, int[] b) {
    if (b.length == 0) {
      return a;
    }
    if (a.length == 0) {
      return b;
    }
    int[] out = new int[a.length + b.length];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < a.length || j < b.length) {
      if (j == b.length || (i < a.length && a[i] < b[j])) {
        out[n++] = a[i++];
      } else if (i < a.length && a[i] == b[j]) {
        out[n++] = a[i++];
        j++;
      } else {
        out[n++] = b[j++];
      }
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }
}
