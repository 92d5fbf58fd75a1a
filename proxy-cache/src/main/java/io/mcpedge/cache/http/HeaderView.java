package io.mcpedge.cache.http;

import io.mcpedge.core.credential.HeaderLookup;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Read-only access to a header block with case-insensitive names.
 *
 * <p>The cache engine reads request and response headers only through this interface so that the
 * data plane can pass a zero-copy adapter over its own header type instead of converting every
 * header of every request.
 */
public interface HeaderView extends HeaderLookup {

  /** The first value of the named field, or {@code null} when absent. */
  @Override
  String get(CharSequence name);

  /** Every value of the named field in order, one element per field line; empty when absent. */
  @Override
  List<String> getAll(CharSequence name);

  /** Whether at least one line of the named field is present. */
  @Override
  default boolean contains(CharSequence name) {
    return get(name) != null;
  }

  /** Visits every field line in order. */
  void forEach(BiConsumer<String, String> action);

  /** A view with no fields. */
  static HeaderView empty() {
    return Fields.EMPTY;
  }
}
