package io.mcpedge.cache;

/**
 * A stored response body, wherever its bytes live: a heap array ({@link HeapBody}) or memory the
 * server allocated outside the Java heap.
 *
 * <p>A body outside the heap is freed as soon as nobody holds it, not when the collector gets to
 * it, so its ownership is explicit: the store holds one reference for every entry that carries the
 * body, and a reader that writes the bytes out takes its own with {@link #tryAcquire()}, which
 * fails once the store let go of a body nobody else held. A failed acquire means the entry was
 * evicted or purged meanwhile: the reader treats it as a miss and never reads the freed memory. A
 * heap body is never freed; acquiring it always succeeds and releasing it does nothing.
 */
public interface Body {

  /** The body's length in bytes. */
  int length();

  /**
   * Takes a reference, which the caller gives back with {@link #release()}; {@code false}, and
   * nothing taken, when the body was freed already.
   */
  boolean tryAcquire();

  /** Gives back one reference; the bytes are freed when the last one goes. */
  void release();

  /**
   * A heap copy of {@code length} bytes from {@code offset}, or {@code null} when the body was
   * freed already. For readers that need an array (tests, local answers); hits write the body
   * without a copy instead.
   */
  byte[] copy(int offset, int length);

  /** A heap copy of the whole body, or {@code null} when it was freed already. */
  default byte[] bytes() {
    return copy(0, length());
  }

  /**
   * Whether the bytes live outside the Java heap, where the store's weigher does not count them.
   */
  boolean offHeap();
}
