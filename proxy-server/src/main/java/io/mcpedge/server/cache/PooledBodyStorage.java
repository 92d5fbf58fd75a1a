package io.mcpedge.server.cache;

import io.mcpedge.cache.Body;
import io.mcpedge.cache.BodyStorage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;

/**
 * {@code cache.storage: direct}: stored bodies in direct memory from the server's pooled allocator,
 * as Varnish's {@code malloc} storage keeps objects outside its own heap. A body is written into
 * its buffer as it arrives from the upstream (one copy, the one the heap store makes too), and a
 * hit writes a slice of it to the socket without copying it again.
 */
public final class PooledBodyStorage implements BodyStorage {

  private final ByteBufAllocator alloc;

  /**
   * @param alloc the server's allocator; bodies are taken from its direct pools
   */
  public PooledBodyStorage(ByteBufAllocator alloc) {
    this.alloc = alloc;
  }

  @Override
  public Buffer allocate(int capacity) {
    return new DirectBuffer(alloc.directBuffer(capacity));
  }

  /** One body being written; its buffer is owned by the writer until sealed or discarded. */
  private static final class DirectBuffer implements Buffer {
    private ByteBuf buf;

    DirectBuffer(ByteBuf buf) {
      this.buf = buf;
    }

    @Override
    public int capacity() {
      return buf.capacity();
    }

    @Override
    public int size() {
      return buf.writerIndex();
    }

    @Override
    public void write(ByteBuffer src) {
      buf.writeBytes(src.duplicate());
    }

    @Override
    public void write(byte[] src, int off, int len) {
      buf.writeBytes(src, off, len);
    }

    @Override
    public void grow(int capacity) {
      buf.capacity(capacity);
    }

    @Override
    public Body seal() {
      ByteBuf b = buf;
      buf = null;
      return new PooledBody(b);
    }

    @Override
    public void discard() {
      ByteBuf b = buf;
      buf = null;
      if (b != null) {
        b.release();
      }
    }
  }
}
