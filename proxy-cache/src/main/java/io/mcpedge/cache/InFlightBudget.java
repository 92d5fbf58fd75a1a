package io.mcpedge.cache;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the heap that answers being stored hold at once.
 *
 * <p>Each {@link StoreWriter} copies its answer into a buffer of up to {@code maxObjectSize} while
 * the answer streams to the client. Without a bound, many concurrent misses of large answers (64 of
 * 8 MiB) would need more heap than the whole cache, and exhaust it between two collections, before
 * any guard could react. A writer claims its buffer here before allocating it, and gives it back
 * when it commits or gives up; one that cannot claim stops storing, and the answer passes through
 * uncached. Lock-free: writers run on event loops.
 */
public final class InFlightBudget {

  private final long limit;
  private final AtomicLong inUse = new AtomicLong();

  public InFlightBudget(long limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: > 0)");
    }
    this.limit = limit;
  }

  /** Takes {@code bytes} from the budget; {@code false}, taking nothing, when they do not fit. */
  public boolean claim(long bytes) {
    long now;
    do {
      now = inUse.get();
      if (now + bytes > limit) {
        return false;
      }
    } while (!inUse.compareAndSet(now, now + bytes));
    return true;
  }

  /** Gives back {@code bytes} claimed earlier. */
  public void release(long bytes) {
    inUse.addAndGet(-bytes);
  }

  /** Bytes held by answers being stored now. */
  public long inUse() {
    return inUse.get();
  }

  public long limit() {
    return limit;
  }
}
