package io.mcpedge.cache;

import java.util.ArrayList;
import java.util.List;

/**
 * Off-heap bodies simulated on the heap with counted references, so that the store's ownership of
 * bodies can be checked without a server: a body freed by its last release refuses to be acquired
 * or read again, as direct memory back in the pool would have to.
 */
final class CountedStorage implements BodyStorage {

  final List<Counted> bodies = new ArrayList<>();

  @Override
  public Buffer allocate(int capacity) {
    HeapBuffer heap = new HeapBuffer(capacity);
    return new Buffer() {
      @Override
      public int capacity() {
        return heap.capacity();
      }

      @Override
      public int size() {
        return heap.size();
      }

      @Override
      public void write(java.nio.ByteBuffer src) {
        heap.write(src);
      }

      @Override
      public void write(byte[] src, int off, int len) {
        heap.write(src, off, len);
      }

      @Override
      public void grow(int newCapacity) {
        heap.grow(newCapacity);
      }

      @Override
      public Body seal() {
        Counted c = new Counted(((HeapBody) heap.seal()).array());
        bodies.add(c);
        return c;
      }

      @Override
      public void discard() {
        heap.discard();
      }
    };
  }

  /** Bodies still holding memory. */
  long live() {
    return bodies.stream().filter(b -> b.refs > 0).count();
  }

  static final class Counted implements Body {
    private byte[] bytes;
    int refs = 1;

    Counted(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public int length() {
      return bytes == null ? 0 : bytes.length;
    }

    @Override
    public synchronized boolean tryAcquire() {
      if (refs == 0) {
        return false;
      }
      refs++;
      return true;
    }

    @Override
    public synchronized void release() {
      if (refs <= 0) {
        throw new IllegalStateException("released too often");
      }
      if (--refs == 0) {
        bytes = null;
      }
    }

    @Override
    public synchronized byte[] copy(int offset, int length) {
      return bytes == null ? null : java.util.Arrays.copyOfRange(bytes, offset, offset + length);
    }

    @Override
    public boolean offHeap() {
      return true;
    }
  }
}
