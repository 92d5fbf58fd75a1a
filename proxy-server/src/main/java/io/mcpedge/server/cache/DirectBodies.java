package io.mcpedge.server.cache;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Direct-memory copies of the stored bodies each event loop served last, so that a cache hit's body
 * reaches the socket without being copied. A stored body is a heap {@code byte[]} (the store is
 * shared by every event loop and knows nothing of Netty); written as it is, the transport copies it
 * into a pooled direct buffer and frees that again on every hit, about a tenth of the CPU of a 2 KB
 * hit. With a copy kept here, a hit writes a retained slice of it.
 *
 * <p>Each event loop keeps its own copies, least recently served first out, within a budget of
 * bytes; only its own thread touches them, so there are no locks and no reference count is shared
 * between threads. A copy is owned by its loop's table: it is released when the table drops it to
 * make room, and when the loop's thread ends (the table is a {@link FastThreadLocal}, removed when
 * an event loop terminates). In-flight slices keep a dropped copy alive until they are written.
 * Copies are keyed by the body array itself, which a 304-freshened entry shares with the entry it
 * replaced. A copy of a body that left the store stays until the budget pushes it out; the budget
 * bounds that memory.
 *
 * <p>Bodies are copied only on threads that clean their fast thread-locals up when they end (event
 * loops do), only when the budget is positive, and only when a body is at most an eighth of it;
 * anything else is wrapped as before.
 */
public final class DirectBodies {

  private final ByteBufAllocator alloc;
  private final long budget;
  private final int maxBody;

  private final FastThreadLocal<Copies> copies =
      new FastThreadLocal<>() {
        @Override
        protected Copies initialValue() {
          return new Copies();
        }

        @Override
        protected void onRemoval(Copies value) {
          value.clear();
        }
      };

  /**
   * @param alloc where the copies are allocated (the server's pooled allocator)
   * @param budgetPerLoop bytes of copies each event loop keeps; 0 turns copying off
   */
  public DirectBodies(ByteBufAllocator alloc, long budgetPerLoop) {
    if (budgetPerLoop < 0) {
      throw new IllegalArgumentException("budgetPerLoop: " + budgetPerLoop + " (expected: >= 0)");
    }
    this.alloc = alloc;
    this.budget = budgetPerLoop;
    this.maxBody = (int) Math.min(Integer.MAX_VALUE, budgetPerLoop / 8);
  }

  /**
   * {@code length} bytes of {@code body} from {@code offset}, as a buffer the caller owns (and
   * releases, or hands on to be written): a retained slice of this thread's direct copy, or the
   * array wrapped without a copy when no copy is kept.
   */
  ByteBuf slice(byte[] body, int offset, int length) {
    if (body.length == 0
        || body.length > maxBody
        || !FastThreadLocalThread.currentThreadWillCleanupFastThreadLocals()) {
      return Unpooled.wrappedBuffer(body, offset, length);
    }
    return copies.get().copyOf(body).retainedSlice(offset, length);
  }

  /** Bytes of copies this thread keeps (tests). */
  long heldByThisThread() {
    Copies c = copies.getIfExists();
    return c == null ? 0 : c.bytes;
  }

  /** One event loop's copies, in order of last use; confined to that loop's thread. */
  private final class Copies {
    private final LinkedHashMap<byte[], ByteBuf> byBody = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    ByteBuf copyOf(byte[] body) {
      ByteBuf copy = byBody.get(body);
      if (copy != null) {
        return copy;
      }
      copy = alloc.directBuffer(body.length, body.length).writeBytes(body);
      byBody.put(body, copy);
      bytes += body.length;
      Iterator<Map.Entry<byte[], ByteBuf>> eldest = byBody.entrySet().iterator();
      while (bytes > budget) {
        Map.Entry<byte[], ByteBuf> e = eldest.next();
        bytes -= e.getKey().length;
        e.getValue().release();
        eldest.remove();
      }
      return copy;
    }

    void clear() {
      for (ByteBuf b : byBody.values()) {
        b.release();
      }
      byBody.clear();
      bytes = 0;
    }
  }
}
