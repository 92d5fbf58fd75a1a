package io.mcpedge.cache;

import java.nio.ByteBuffer;
import java.util.function.Function;

/**
 * Accumulates a response body while the server streams it to the client, then stores it.
 *
 * <p>Nothing is visible in the store until {@link #commit()}. The writer gives up silently, and
 * drops its buffer, when the body outgrows the object limit, when it ends shorter or longer than
 * its declared {@code Content-Length}, when answers being stored at the same time hold the whole
 * {@link InFlightBudget}, or when the server calls {@link #abandon()} because the response failed
 * midway. Its buffer is claimed from the budget before it is allocated and given back when the
 * writer commits or gives up. The buffer comes from the store's {@link BodyStorage}, so a body kept
 * outside the heap is written there as it arrives and stored without another copy. One writer
 * belongs to one exchange on one event loop: it is not thread-safe.
 */
public final class StoreWriter {

  private static final int DEFAULT_INITIAL = 8 * 1024;

  private final CacheStore store;
  private final InFlightBudget inFlight;
  private final Function<Body, StoredResponse> entryFactory;
  private final long maxObjectSize;
  private final long declaredLength;
  private final long requestTime;
  private BodyStorage.Buffer buffer;
  private long claimed;
  private boolean closed;
  private boolean superseded;

  /**
   * @param declaredLength the response's {@code Content-Length}, or -1 when unknown
   * @param requestTime when the upstream request was sent; an invalidation after it wins
   */
  StoreWriter(
      CacheStore store,
      InFlightBudget inFlight,
      BodyStorage storage,
      Function<Body, StoredResponse> entryFactory,
      long maxObjectSize,
      long declaredLength,
      long requestTime) {
    this.requestTime = requestTime;
    this.store = store;
    this.inFlight = inFlight;
    this.entryFactory = entryFactory;
    this.maxObjectSize = maxObjectSize;
    this.declaredLength = declaredLength;
    long initial = declaredLength >= 0 ? declaredLength : DEFAULT_INITIAL;
    int capacity = (int) Math.min(initial, maxObjectSize);
    if (inFlight.claim(capacity)) {
      this.claimed = capacity;
      this.buffer = storage.allocate(capacity);
    } else {
      this.closed = true;
    }
  }

  /** Appends {@code len} bytes of {@code src}; returns {@code false} once the writer gave up. */
  public boolean append(byte[] src, int off, int len) {
    if (!reserve(len)) {
      return false;
    }
    buffer.write(src, off, len);
    return true;
  }

  /**
   * Appends the remaining bytes of {@code src} without moving its position, so the server can pass
   * a view of the buffer it is about to write; returns {@code false} once the writer gave up.
   */
  public boolean append(ByteBuffer src) {
    int len = src.remaining();
    if (!reserve(len)) {
      return false;
    }
    buffer.write(src);
    return true;
  }

  /** Drops everything written; later calls do nothing. */
  public void abandon() {
    closed = true;
    if (buffer != null) {
      buffer.discard();
    }
    drop();
  }

  /** Whether the writer gave up or finished. */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Stores the complete response and returns it; {@code null} if the writer gave up or the URI was
   * invalidated while the response was in flight.
   */
  public StoredResponse commit() {
    if (closed) {
      return null;
    }
    closed = true;
    if (declaredLength >= 0 && buffer.size() != declaredLength) {
      buffer.discard();
      drop();
      return null;
    }
    Body body = buffer.seal();
    // From here on the store's weight counts the body, and the store owns it.
    drop();
    StoredResponse entry = entryFactory.apply(body);
    if (store.putUnlessInvalidatedSince(entry, requestTime)) {
      return entry;
    }
    superseded = true;
    return null;
  }

  /** Whether {@link #commit()} dropped a complete response because its URI was invalidated. */
  public boolean superseded() {
    return superseded;
  }

  private boolean reserve(int len) {
    if (closed) {
      return false;
    }
    long needed = (long) buffer.size() + len;
    if (needed > maxObjectSize || (declaredLength >= 0 && needed > declaredLength)) {
      abandon();
      return false;
    }
    int capacity = buffer.capacity();
    if (needed > capacity) {
      long grown = Math.max(needed, Math.min(maxObjectSize, (long) capacity * 2));
      if (!inFlight.claim(grown - capacity)) {
        abandon();
        return false;
      }
      claimed += grown - capacity;
      buffer.grow((int) grown);
    }
    return true;
  }

  /** Forgets the buffer (sealed or discarded) and gives its claim back, once. */
  private void drop() {
    buffer = null;
    inFlight.release(claimed);
    claimed = 0;
  }
}
