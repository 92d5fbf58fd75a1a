package io.mcpedge.cache;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Where the store keeps response bodies ({@code cache.storage}): on the Java heap, or in memory the
 * server allocates outside it, as Varnish chooses between {@code malloc} and {@code file} storage.
 * The store itself is the same for both; only the bytes move.
 */
public interface BodyStorage {

  /** Bodies in heap arrays: nothing to free, the collector keeps them. */
  BodyStorage HEAP = HeapBuffer::new;

  /** A buffer of {@code capacity} bytes that a body being stored is written into once. */
  Buffer allocate(int capacity);

  /**
   * A body being written, owned by one writer on one thread until it is sealed or discarded: it
   * holds its memory until then.
   */
  interface Buffer {

    int capacity();

    /** Bytes written so far. */
    int size();

    /** Appends the remaining bytes of {@code src} without moving its position. */
    void write(ByteBuffer src);

    /** Appends {@code len} bytes of {@code src} from {@code off}. */
    void write(byte[] src, int off, int len);

    /** Makes room for {@code capacity} bytes in all, keeping those written. */
    void grow(int capacity);

    /** The complete body, with one reference for the caller; the buffer is spent. */
    Body seal();

    /** Frees the buffer; the buffer is spent. */
    void discard();
  }

  /** A heap array that grows by copying, as a body of unknown length arrives. */
  final class HeapBuffer implements Buffer {
    private byte[] bytes;
    private int size;

    HeapBuffer(int capacity) {
      this.bytes = new byte[capacity];
    }

    @Override
    public int capacity() {
      return bytes.length;
    }

    @Override
    public int size() {
      return size;
    }

    @Override
    public void write(ByteBuffer src) {
      int len = src.remaining();
      src.get(src.position(), bytes, size, len);
      size += len;
    }

    @Override
    public void write(byte[] src, int off, int len) {
      System.arraycopy(src, off, bytes, size, len);
      size += len;
    }

    @Override
    public void grow(int capacity) {
      bytes = Arrays.copyOf(bytes, capacity);
    }

    @Override
    public Body seal() {
      byte[] body = size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
      bytes = null;
      return new HeapBody(body);
    }

    @Override
    public void discard() {
      bytes = null;
    }
  }
}
