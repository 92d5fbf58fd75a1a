package io.mcpedge.server.exchange;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * The request body of one exchange, streamed from the client as an upstream attempt asks for it.
 *
 * <p>Chunks that arrive before an attempt subscribes are held here (at most one read's worth, since
 * the client is read only on demand). A body that has completely arrived by then and fits in {@code
 * maxRequestBodyBuffer} is <em>replayable</em>: every subscriber gets its own duplicate, so a retry
 * can send it again. Any other body streams: its chunks pass to the one subscriber and it cannot be
 * sent twice.
 *
 * <p>Every chunk has one owner: this object until it is handed to the subscriber. Confined to the
 * exchange's event loop.
 */
public final class RequestBody {

  /** Waits for the whole body before the exchange goes on (see {@link #collect}). */
  public interface Collector {
    /** Every chunk has arrived and is held; {@link #readHeld} reads them. */
    void onComplete();

    /** More than the limit arrived: what was held is released and nothing more is kept. */
    void onOverflow();
  }

  /** Receives the body; implemented by an upstream attempt. */
  public interface Subscriber {
    /** A chunk; ownership passes to the subscriber. A {@link LastHttpContent} ends the body. */
    void onChunk(HttpContent chunk);

    /** The client's current read batch ended: a good moment to flush and ask for more. */
    void onBatchEnd();
  }

  private final Channel downstream;
  private final long replayLimit;

  /**
   * The chunks held, oldest first: the first in a field, later ones in a queue made when needed. A
   * request without a body is one held chunk, the empty last one.
   */
  private HttpContent first;

  private ArrayDeque<HttpContent> more;

  private long heldBytes;
  private boolean complete;
  private boolean streamed;
  private boolean released;
  private Subscriber subscriber;
  private Consumer<HttpHeaders> trailerFilter;
  private long limit = Long.MAX_VALUE;
  private long received;
  private Runnable onOverflow;
  private Collector collector;
  private long collectLimit;

  /**
   * @param empty the request head says there is no body (RFC 9112 §6.3), or HTTP/2 ended the stream
   *     with the headers
   */
  public RequestBody(Channel downstream, long replayLimit, boolean empty) {
    this.downstream = downstream;
    this.replayLimit = replayLimit;
    this.complete = empty;
  }

  /**
   * Has {@code filter} applied to the body's trailer section, when it has one, before anything else
   * sees it: to one already held, at once, and to one that arrives later, on arrival.
   */
  public void filterTrailers(Consumer<HttpHeaders> filter) {
    trailerFilter = filter;
    if (first instanceof LastHttpContent last) {
      filter.accept(last.trailingHeaders());
    } else if (more != null && more.peekLast() instanceof LastHttpContent last) {
      filter.accept(last.trailingHeaders());
    }
  }

  /**
   * Bounds the body to {@code maxBytes} (the route's {@code maxRequestBody}) as it arrives, for
   * bodies whose length was not declared (chunked, or HTTP/2 without {@code content-length}): the
   * chunk that goes over is dropped with everything held, nothing more is read or passed on, and
   * {@code onOverflow} runs once; it aborts the exchange, so the upstream sees its request cut off
   * (a closed connection, or a reset stream) and the client gets 413 if no answer has started.
   */
  public void limit(long maxBytes, Runnable onOverflow) {
    this.limit = maxBytes;
    this.onOverflow = onOverflow;
  }

  /** Takes a chunk from the client (ownership passes here). */
  public void offer(HttpContent chunk) {
    received += chunk.content().readableBytes();
    if (received > limit && !released) {
      chunk.release();
      release();
      Runnable r = onOverflow;
      onOverflow = null;
      if (r != null) {
        r.run();
      }
      return;
    }
    if (chunk instanceof LastHttpContent last) {
      complete = true;
      if (trailerFilter != null && !last.trailingHeaders().isEmpty()) {
        trailerFilter.accept(last.trailingHeaders());
      }
    }
    if (released) {
      chunk.release();
      return;
    }
    if (subscriber != null && streamed) {
      subscriber.onChunk(chunk);
      return;
    }
    hold(chunk);
    heldBytes += chunk.content().readableBytes();
    if (collector != null) {
      collected();
    }
  }

  /** The client's read batch ended. */
  public void batchEnd() {
    if (subscriber != null && streamed) {
      subscriber.onBatchEnd();
    } else if (collector != null) {
      downstream.read();
    }
  }

  /**
   * Reads the whole body from the client and holds it, then tells {@code c}: at once when it has
   * already arrived. A body of more than {@code maxBytes} is released as soon as it goes over and
   * {@code c} hears of the overflow instead. Used by a filter that must see the body before the
   * request goes on (the MCP envelope check); once complete, a body within {@code
   * maxRequestBodyBuffer} stays replayable, so collecting it costs the upstream nothing.
   */
  public void collect(long maxBytes, Collector c) {
    collector = c;
    collectLimit = maxBytes;
    if (collected()) {
      return;
    }
    if (!released) {
      downstream.read();
    }
  }

  /** Tells the collector when the body is complete or too large; true when it was told. */
  private boolean collected() {
    Collector c = collector;
    if (heldBytes > collectLimit) {
      collector = null;
      release();
      c.onOverflow();
      return true;
    }
    if (complete) {
      collector = null;
      c.onComplete();
      return true;
    }
    return false;
  }

  /** The number of body bytes held now. */
  public long heldBytes() {
    return heldBytes;
  }

  /**
   * The held body as one buffer, which the caller owns and must release; the held chunks stay held.
   * Empty when nothing is held.
   */
  public ByteBuf readHeld(ByteBufAllocator alloc) {
    if (more == null || more.isEmpty()) {
      return first == null ? Unpooled.EMPTY_BUFFER : first.content().retainedDuplicate();
    }
    CompositeByteBuf all = alloc.compositeBuffer(1 + more.size());
    if (first != null) {
      all.addComponent(true, first.content().retainedDuplicate());
    }
    for (HttpContent c : more) {
      all.addComponent(true, c.content().retainedDuplicate());
    }
    return all;
  }

  /** True once the whole body has arrived from the client. */
  public boolean isComplete() {
    return complete;
  }

  /** True when the body is known to be empty: complete, with no bytes held or sent. */
  public boolean isEmpty() {
    return complete && !streamed && heldBytes == 0;
  }

  /** True when the body can be sent again to another attempt. */
  public boolean isReplayable() {
    return complete && !streamed && heldBytes <= replayLimit;
  }

  /**
   * Starts delivering the body to {@code s}: held chunks at once (duplicates when replayable), then
   * further chunks as they arrive after {@link #demand()}.
   *
   * @throws IllegalStateException when a streaming body was already given to another subscriber
   */
  public void subscribe(Subscriber s) {
    if (streamed) {
      throw new IllegalStateException("request body already streamed (not replayable)");
    }
    subscriber = s;
    if (isReplayable()) {
      if (first != null) {
        s.onChunk(duplicate(first));
      }
      if (more != null) {
        for (HttpContent c : more) {
          s.onChunk(duplicate(c));
        }
      }
      return;
    }
    streamed = true;
    HttpContent c;
    while ((c = take()) != null) {
      s.onChunk(c);
    }
    heldBytes = 0;
    s.onBatchEnd();
  }

  /** The subscriber stops listening (its attempt ended); further chunks are held or dropped. */
  public void unsubscribe(Subscriber s) {
    if (subscriber == s) {
      subscriber = null;
      if (streamed) {
        released = true;
      }
    }
  }

  /** Asks the client for more of the body, when any is still to come. */
  public void demand() {
    if (!complete && !released) {
      downstream.read();
    }
  }

  /** Releases whatever is still held; later chunks are released on arrival. */
  public void release() {
    released = true;
    HttpContent c;
    while ((c = take()) != null) {
      c.release();
    }
    heldBytes = 0;
  }

  private void hold(HttpContent c) {
    if (first == null && (more == null || more.isEmpty())) {
      first = c;
      return;
    }
    if (more == null) {
      more = new ArrayDeque<>(4);
    }
    more.add(c);
  }

  private HttpContent take() {
    if (first != null) {
      HttpContent c = first;
      first = null;
      return c;
    }
    return more == null ? null : more.poll();
  }

  private static HttpContent duplicate(HttpContent c) {
    if (c instanceof LastHttpContent last) {
      return new DefaultLastHttpContent(
          last.content().retainedDuplicate(), last.trailingHeaders().copy());
    }
    return new DefaultHttpContent(c.content().retainedDuplicate());
  }
}
