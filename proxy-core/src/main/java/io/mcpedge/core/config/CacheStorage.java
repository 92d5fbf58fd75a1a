package io.mcpedge.core.config;

/**
 * Where the store keeps response bodies ({@code cache.storage}), as Varnish chooses a storage
 * backend: keys, headers and bookkeeping stay on the Java heap either way.
 */
public enum CacheStorage {
  /** Bodies are heap arrays: the heap must hold the whole store. */
  HEAP,
  /**
   * Bodies are in direct memory from the server's pooled allocator, freed when the last reference
   * goes, like Varnish's {@code malloc} storage: the heap holds only keys, headers and bookkeeping.
   */
  DIRECT
}
