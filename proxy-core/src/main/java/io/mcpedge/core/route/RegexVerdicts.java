package io.mcpedge.core.route;

import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A path regular expression with a memory of its recent verdicts. Traffic through a gateway asks
 * for few distinct paths, and a lookup in this memory costs less than running the expression (and
 * allocating its matcher) for each request on each route that the table tries before the one that
 * matches.
 *
 * <p>Bounded: paths longer than {@link #MAX_PATH} are never remembered, and the memory is emptied
 * when it holds {@link #CAPACITY} paths, so that a client sending ever new paths costs at most what
 * evaluating the expression costs. Shared by all event loops; races only cost a recomputation.
 */
final class RegexVerdicts {

  static final int CAPACITY = 1024;
  static final int MAX_PATH = 256;

  private final Pattern pattern;
  private final ConcurrentHashMap<String, Boolean> verdicts = new ConcurrentHashMap<>();

  RegexVerdicts(Pattern pattern) {
    this.pattern = pattern;
  }

  /** As {@code pattern.matcher(path).find()}. */
  boolean find(String path) {
    Boolean known = verdicts.get(path);
    if (known != null) {
      return known;
    }
    boolean found = pattern.matcher(path).find();
    if (path.length() <= MAX_PATH) {
      if (verdicts.size() >= CAPACITY) {
        verdicts.clear();
      }
      verdicts.put(path, found);
    }
    return found;
  }

  /** How many verdicts are remembered (for tests). */
  int remembered() {
    return verdicts.size();
  }
}
