package io.mcpedge.core.credential;

import java.util.List;

/**
 * Read-only access to a request's header fields with case-insensitive names: all that {@link
 * Credential} needs, so that the cache engine and the data plane pass their own header views
 * without copying them and without this module knowing their types.
 */
public interface HeaderLookup {

  /** The first value of the named field, or {@code null} when absent. */
  String get(CharSequence name);

  /** Every value of the named field in order, one element per field line; empty when absent. */
  List<String> getAll(CharSequence name);

  /** Whether at least one line of the named field is present. */
  default boolean contains(CharSequence name) {
    return get(name) != null;
  }
}
