package io.mcpedge.server.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DirectBodiesTest {

  /** Keeps every copy it allocates, so that a test can see the copies' own reference counts. */
  private static final class Recording extends AbstractByteBufAllocator {
    final List<ByteBuf> copies = new java.util.concurrent.CopyOnWriteArrayList<>();

    Recording() {
      super(true);
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
      return UnpooledByteBufAllocator.DEFAULT.heapBuffer(initialCapacity, maxCapacity);
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
      ByteBuf b = UnpooledByteBufAllocator.DEFAULT.directBuffer(initialCapacity, maxCapacity);
      copies.add(b);
      return b;
    }

    @Override
    public boolean isDirectBufferPooled() {
      return false;
    }
  }

  private final Recording alloc = new Recording();

  /** Runs {@code task} on a thread like an event loop's, which cleans its fast locals up. */
  private static <T> T onLoopThread(Callable<T> task) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread t =
        new DefaultThreadFactory("test-loop")
            .newThread(
                () -> {
                  try {
                    result.complete(task.call());
                  } catch (Throwable e) {
                    result.completeExceptionally(e);
                  }
                });
    t.start();
    T value = result.get(10, TimeUnit.SECONDS);
    t.join(10_000);
    assertThat(t.isAlive()).isFalse();
    return value;
  }

  private static byte[] body(int size, char fill) {
    byte[] b = new byte[size];
    java.util.Arrays.fill(b, (byte) fill);
    return b;
  }

  @Test
  @DisplayName("a hit on an event loop gets a slice of one direct copy, made once per body")
  void copiesOncePerBody() throws Exception {
    DirectBodies bodies = new DirectBodies(alloc, 64 * 1024);
    byte[] body = "0123456789".getBytes(StandardCharsets.US_ASCII);
    List<String> seen =
        onLoopThread(
            () -> {
              ByteBuf first = bodies.slice(body, 0, body.length);
              ByteBuf second = bodies.slice(body, 2, 3);
              List<String> out = new ArrayList<>();
              out.add(String.valueOf(first.isDirect()));
              out.add(first.toString(StandardCharsets.US_ASCII));
              out.add(second.toString(StandardCharsets.US_ASCII));
              out.add(String.valueOf(bodies.heldByThisThread()));
              first.release();
              second.release();
              // Both slices were of one copy, which only the table holds now.
              out.add(String.valueOf(alloc.copies.size()));
              out.add(String.valueOf(alloc.copies.get(0).refCnt()));
              return out;
            });
    assertThat(seen).containsExactly("true", "0123456789", "234", "10", "1", "1");
    assertThat(alloc.copies.get(0).refCnt()).isZero(); // released when the thread ended
  }

  @Test
  @DisplayName("the least recently served copy is released when the budget needs room")
  void evictsLeastRecentlyServed() throws Exception {
    DirectBodies bodies = new DirectBodies(alloc, 8 * 1000); // bodies up to 1,000 bytes
    byte[][] all = new byte[10][];
    for (int i = 0; i < all.length; i++) {
      all[i] = body(1000, (char) ('a' + i));
    }
    List<Object> seen =
        onLoopThread(
            () -> {
              ByteBuf held = bodies.slice(all[0], 0, 1000); // keeps copy 0 alive after eviction
              ByteBuf copy0 = alloc.copies.get(0);
              for (int i = 1; i < 8; i++) {
                bodies.slice(all[i], 0, 1000).release();
              }
              bodies.slice(all[1], 0, 1000).release(); // served again: copy 1 is not the eldest
              int before = copy0.refCnt();
              bodies.slice(all[8], 0, 1000).release(); // over budget: copy 0 goes, copy 1 stays
              int after = copy0.refCnt();
              String content = held.toString(StandardCharsets.US_ASCII);
              held.release();
              List<Object> out = new ArrayList<>();
              out.add(before);
              out.add(after);
              out.add(copy0.refCnt());
              out.add(alloc.copies.get(1).refCnt());
              out.add(content.chars().allMatch(c -> c == 'a'));
              out.add(bodies.heldByThisThread());
              out.add(alloc.copies.size());
              return out;
            });
    assertThat(seen).containsExactly(2, 1, 0, 1, true, 8000L, 9);
  }

  @Test
  @DisplayName("the copies are released when the event loop's thread ends")
  void releasedWhenTheThreadEnds() throws Exception {
    DirectBodies bodies = new DirectBodies(alloc, 64 * 1024);
    byte[] body = body(4096, 'x');
    ByteBuf kept = onLoopThread(() -> bodies.slice(body, 0, body.length));
    // The table's reference went with the thread; the slice still being written keeps the copy.
    ByteBuf copy = alloc.copies.get(0);
    assertThat(copy.refCnt()).isEqualTo(1);
    assertThat(kept.getByte(4095)).isEqualTo((byte) 'x');
    kept.release();
    assertThat(copy.refCnt()).isZero();
  }

  @Test
  @DisplayName("no copy off event loops, for bodies over an eighth of the budget, or with budget 0")
  void wrapsWhenNoCopyIsKept() throws Exception {
    byte[] small = body(100, 's');
    byte[] large = body(2000, 'l');
    DirectBodies bodies = new DirectBodies(alloc, 8 * 1024);
    ByteBuf here = bodies.slice(small, 10, 20); // a plain thread never cleans its locals up
    assertThat(here.hasArray()).isTrue();
    assertThat(here.readableBytes()).isEqualTo(20);
    here.release();
    List<Boolean> heap =
        onLoopThread(
            () ->
                List.of(
                    bodies.slice(large, 0, 2000).hasArray(),
                    new DirectBodies(alloc, 0).slice(small, 0, 100).hasArray(),
                    bodies.heldByThisThread() == 0));
    assertThat(heap).containsExactly(true, true, true);
    assertThat(alloc.copies).isEmpty();
  }
}
