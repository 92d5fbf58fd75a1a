package io.mcpedge.cache;

import io.mcpedge.core.route.PathMatcher;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NavigableSet;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Invalidations by path match ({@code cache.invalidates}): finding the stored URIs they name in a
 * sorted index, and remembering them for a while, so that an answer that was in flight when one
 * happened is not stored afterwards (it may describe the state before the write, RFC 9111 §4.4).
 *
 * <p>An exact or prefix match visits only the stored URIs that start with its text; a regular
 * expression visits every stored URI of the writing host. Either happens once per successful unsafe
 * request on a route that declares {@code invalidates}, never on a read.
 */
final class PathInvalidations {

  /** Clock slack between threads recording and checking; a little more is dropped, never less. */
  static final long SLACK_MILLIS = 1000;

  static final int MAX_REMEMBERED = 1024;

  private record Event(String origin, List<PathMatcher> rules, long at) {}

  private final long horizonMillis;
  private final ConcurrentLinkedDeque<Event> recent = new ConcurrentLinkedDeque<>();
  private final AtomicInteger size = new AtomicInteger();

  /**
   * @param horizonMillis how long an invalidation is remembered for answers in flight
   */
  PathInvalidations(long horizonMillis) {
    this.horizonMillis = horizonMillis;
  }

  /**
   * The stored URIs of {@code origin} ({@code scheme://authority}, normalised) whose path matches
   * one of {@code rules}; {@code uris} is the store's sorted index.
   */
  static Set<String> matching(NavigableSet<String> uris, String origin, List<PathMatcher> rules) {
    Set<String> out = new LinkedHashSet<>();
    for (PathMatcher rule : rules) {
      String from = origin + rule.literalPrefix();
      for (String uri : uris.subSet(from, true, from + Character.MAX_VALUE, false)) {
        String path = pathOf(uri, origin);
        if (path != null && rule.matches(path)) {
          out.add(uri);
        }
      }
    }
    return out;
  }

  /** Remembers that {@code rules} were applied to {@code origin} at {@code now}. */
  void record(String origin, List<PathMatcher> rules, long now) {
    recent.addFirst(new Event(origin, rules, now));
    int n = size.incrementAndGet();
    Event last;
    while ((last = recent.peekLast()) != null
        && (n > MAX_REMEMBERED || last.at() < now - horizonMillis)) {
      if (recent.removeLastOccurrence(last)) {
        n = size.decrementAndGet();
      }
    }
  }

  /** Whether an invalidation at or after {@code requestTime} named {@code uri}. */
  boolean coversSince(String uri, long requestTime) {
    for (Event e : recent) { // newest first
      if (e.at() < requestTime - SLACK_MILLIS) {
        return false;
      }
      String path = pathOf(uri, e.origin());
      if (e.at() >= requestTime && path != null) {
        for (PathMatcher rule : e.rules()) {
          if (rule.matches(path)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /**
   * The path of {@code uri} without its query, or {@code null} when it is not of {@code origin}.
   */
  static String pathOf(String uri, String origin) {
    if (!uri.startsWith(origin) || uri.length() <= origin.length()) {
      return null;
    }
    if (uri.charAt(origin.length()) != '/') {
      return null;
    }
    int q = uri.indexOf('?', origin.length());
    return uri.substring(origin.length(), q < 0 ? uri.length() : q);
  }
}
