package io.mcpedge.cache;

import java.util.Arrays;

/**
 * A body held in one immutable heap array, which the server wraps without copying; the collector
 * frees it, so references are not counted.
 */
public final class HeapBody implements Body {

  private final byte[] bytes;

  /** Takes {@code bytes} as they are: the caller must not modify them afterwards. */
  public HeapBody(byte[] bytes) {
    this.bytes = bytes;
  }

  /** The complete body; callers must not modify it. */
  public byte[] array() {
    return bytes;
  }

  @Override
  public int length() {
    return bytes.length;
  }

  @Override
  public boolean tryAcquire() {
    return true;
  }

  @Override
  public void release() {
    // The collector frees heap bodies.
  }

  @Override
  public byte[] copy(int offset, int length) {
    return Arrays.copyOfRange(bytes, offset, offset + length);
  }

  @Override
  public boolean offHeap() {
    return false;
  }
}
