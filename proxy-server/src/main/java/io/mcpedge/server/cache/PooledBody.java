package io.mcpedge.server.cache;

import io.mcpedge.cache.Body;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * A stored body in direct memory from the server's pooled allocator, freed back to the pool when
 * its last reference goes rather than when the collector finds it: a direct buffer promoted to the
 * old generation would otherwise hold its memory until a full collection.
 *
 * <p>References are counted here, not on the buffer: a pooled buffer object is recycled once
 * released, so retaining it after a concurrent release could succeed on another body's memory. The
 * count never comes back from zero; {@link #tryAcquire()} fails instead. The buffer's own count
 * belongs to this body (one) and to the slices hits are writing (one each), so a slice keeps the
 * memory until the transport has written it, even when the entry left the store meanwhile.
 */
final class PooledBody implements Body {

  private static final AtomicIntegerFieldUpdater<PooledBody> REFS =
      AtomicIntegerFieldUpdater.newUpdater(PooledBody.class, "refs");

  private final ByteBuf bytes;

  /** Kept here: the length may be read after the buffer went back to the pool. */
  private final int length;

  private volatile int refs = 1;

  /** Takes over {@code bytes}, written completely, with one reference for the caller. */
  PooledBody(ByteBuf bytes) {
    this.bytes = bytes;
    this.length = bytes.writerIndex();
  }

  @Override
  public int length() {
    return length;
  }

  @Override
  public boolean tryAcquire() {
    for (; ; ) {
      int r = refs;
      if (r == 0) {
        return false;
      }
      if (REFS.compareAndSet(this, r, r + 1)) {
        return true;
      }
    }
  }

  @Override
  public void release() {
    int r = REFS.decrementAndGet(this);
    if (r == 0) {
      bytes.release();
    } else if (r < 0) {
      throw new IllegalStateException("body released more often than acquired");
    }
  }

  @Override
  public byte[] copy(int offset, int length) {
    if (!tryAcquire()) {
      return null;
    }
    try {
      byte[] out = new byte[length];
      bytes.getBytes(offset, out);
      return out;
    } finally {
      release();
    }
  }

  @Override
  public boolean offHeap() {
    return true;
  }

  /**
   * {@code length} bytes from {@code offset} as a slice the caller owns and releases (or hands on
   * to be written), without a copy; {@code null} when the body was freed already.
   */
  ByteBuf retainedSlice(int offset, int length) {
    if (!tryAcquire()) {
      return null;
    }
    try {
      return bytes.retainedSlice(offset, length);
    } finally {
      release();
    }
  }

  /** References held now (tests). */
  int references() {
    return refs;
  }
}
