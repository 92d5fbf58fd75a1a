package io.mcpedge.cache;

import io.mcpedge.core.config.PathMatch;
import io.mcpedge.core.route.PathMatcher;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One thing that made stored answers invalid: a purge, a ban, or a write (RFC 9111 §4.4 and the
 * route's {@code cache.invalidates}). It names what to drop in terms every process reads alike
 * (normalised URLs, path matches as configured), never the credential that caused it, so that
 * another replica of the edge can apply it to its own store.
 */
public sealed interface InvalidationEvent {

  /** Applies the event to {@code store}; returns the keys removed. */
  int applyTo(CacheStore store);

  /**
   * These URLs, every variant and credential scope: a purge ({@code PURGE}, {@code url=}) or the
   * target, {@code Location} and {@code Content-Location} of a write (§4.4).
   *
   * @param uris normalised absolute URLs, as {@link UriNormaliser} writes them
   */
  record Urls(List<String> uris) implements InvalidationEvent {
    public Urls {
      uris = List.copyOf(uris);
    }

    @Override
    public int applyTo(CacheStore store) {
      int removed = 0;
      for (String uri : uris) {
        removed += store.invalidate(uri);
      }
      return removed;
    }
  }

  /** Every stored URL that starts with {@code prefix} (an absolute, normalised URL prefix). */
  record Prefix(String prefix) implements InvalidationEvent {
    public Prefix {
      Objects.requireNonNull(prefix, "prefix");
    }

    @Override
    public int applyTo(CacheStore store) {
      return store.invalidatePrefix(prefix);
    }
  }

  /**
   * A ban: every stored URL in which the Java regular expression {@code regex} is found.
   *
   * @throws java.util.regex.PatternSyntaxException when {@code regex} does not compile
   */
  record Ban(String regex, Pattern pattern) implements InvalidationEvent {
    public Ban(String regex) {
      this(regex, Pattern.compile(regex));
    }

    @Override
    public int applyTo(CacheStore store) {
      return store.ban(pattern);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Ban b && b.regex.equals(regex);
    }

    @Override
    public int hashCode() {
      return regex.hashCode();
    }
  }

  /**
   * After a write on a route with {@code cache.invalidates}: the stored URLs of {@code origin}
   * ({@code scheme://authority}, normalised) whose path matches one of {@code rules}.
   */
  record Paths(String origin, List<PathMatcher> rules) implements InvalidationEvent {
    public Paths {
      Objects.requireNonNull(origin, "origin");
      rules = List.copyOf(rules);
    }

    /** The event another process rebuilds from the rules as configured. */
    public static Paths of(String origin, List<PathMatch> matches) {
      return new Paths(origin, matches.stream().map(PathMatcher::new).toList());
    }

    /** The rules as configured. */
    public List<PathMatch> matches() {
      return rules.stream().map(PathMatcher::source).toList();
    }

    @Override
    public int applyTo(CacheStore store) {
      return store.invalidatePaths(origin, rules);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Paths p && p.origin.equals(origin) && p.matches().equals(matches());
    }

    @Override
    public int hashCode() {
      return origin.hashCode() * 31 + matches().hashCode();
    }
  }
}
