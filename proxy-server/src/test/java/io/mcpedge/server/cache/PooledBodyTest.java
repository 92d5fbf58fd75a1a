package io.mcpedge.server.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpedge.cache.Body;
import io.mcpedge.cache.BodyStorage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A direct body's references: the store's, a hit's try-acquire that fails once the body is freed,
 * and the slices being written, which keep the memory until they are released.
 */
@Timeout(10)
class PooledBodyTest {

  /** Unpooled, so that its metric shows at once what is still allocated. */
  private final UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(true);

  private final BodyStorage storage = new PooledBodyStorage(alloc);

  private PooledBody body(String text) {
    BodyStorage.Buffer b = storage.allocate(4);
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    b.write(ByteBuffer.wrap(bytes, 0, 2));
    b.grow(bytes.length);
    b.write(bytes, 2, bytes.length - 2);
    return (PooledBody) b.seal();
  }

  @Test
  void isWrittenOnceAndReadBack() {
    PooledBody b = body("hello world");
    assertThat(b.offHeap()).isTrue();
    assertThat(b.length()).isEqualTo(11);
    assertThat(new String(b.bytes(), StandardCharsets.US_ASCII)).isEqualTo("hello world");
    b.release();
  }

  @Test
  void acquireAfterTheLastReleaseFailsAndNothingIsRead() {
    PooledBody b = body("gone");
    b.release();
    assertThat(b.length()).isEqualTo(4);
    assertThat(b.tryAcquire()).isFalse();
    assertThat(b.references()).isZero();
    assertThat(b.retainedSlice(0, 2)).isNull();
    assertThat(b.copy(0, 2)).isNull();
    assertThatThrownBy(b::release).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aSliceBeingWrittenKeepsTheMemoryAfterTheStoreLetGo() {
    PooledBody b = body("range of bytes");
    ByteBuf slice = b.retainedSlice(6, 2);
    b.release(); // the store's reference: the entry was purged
    assertThat(b.tryAcquire()).isFalse();
    assertThat(slice.toString(StandardCharsets.US_ASCII)).isEqualTo("of");
    assertThat(alloc.metric().usedDirectMemory()).isPositive();
    assertThat(slice.release()).isTrue(); // the last holder frees the memory
    assertThat(alloc.metric().usedDirectMemory()).isZero();
  }

  @Test
  void aDiscardedBufferIsFreed() {
    BodyStorage.Buffer b = storage.allocate(16);
    b.write(new byte[] {1, 2, 3}, 0, 3);
    b.discard();
    b.discard();
    assertThat(alloc.metric().usedDirectMemory()).isZero();
  }

  @Test
  void everyBodyGoesBackToThePool() {
    Body a = body("a body");
    assertThat(a.tryAcquire()).isTrue();
    a.release();
    a.release();
    assertThat(alloc.metric().usedDirectMemory()).isZero();
  }
}
