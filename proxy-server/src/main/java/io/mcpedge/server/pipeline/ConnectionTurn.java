package io.mcpedge.server.pipeline;

import io.mcpedge.server.channel.ServerState;
import io.mcpedge.server.exchange.Exchange;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * Whose turn it is on one downstream connection (HTTP/1.1) or stream (HTTP/2): which message
 * belongs to the current exchange and which waits its turn (pipelining, RFC 9112 §9.3.2), whether
 * the connection stays open after a response (keep-alive, drain), and what is read next. One per
 * {@link ExchangeHandler}; it hands each request head to the driver to start an exchange.
 */
final class ConnectionTurn implements ExchangeEndListener {

  /** Starts the exchange of a request head (the driver). */
  interface Starter {
    void start(HttpRequest req);
  }

  private final ChannelHandlerContext ctx;
  private final boolean http2;
  private final ServerState state;
  private final Starter starter;
  private Exchange current;
  private boolean requestComplete;
  private boolean clientKeepAlive;
  private boolean upgrading;
  private boolean swallowEmptyLast;

  /** A request could not be parsed: its answer is written or due, and nothing more is read. */
  private boolean rejected;

  private ArrayDeque<Object> pipelined;
  private boolean draining;

  ConnectionTurn(
      ChannelHandlerContext ctx, Exchange.Protocol protocol, ServerState state, Starter starter) {
    this.ctx = ctx;
    this.http2 = protocol == Exchange.Protocol.HTTP_2;
    this.state = state;
    this.starter = starter;
  }

  /** A message from the client: for the current exchange, queued for a later one, or a new one. */
  void read(Object msg) {
    if (msg instanceof RequestLimitsHandler.Rejection r && current != null && !requestComplete) {
      reject(r); // the current request's own body could not be parsed: it cannot be completed
      return;
    }
    boolean queued = pipelined != null && !pipelined.isEmpty();
    if (swallowEmptyLast && !queued && msg instanceof LastHttpContent) {
      swallowEmptyLast = false; // the decoder's end marker of a request without a body
      ReferenceCountUtil.release(msg);
      return;
    }
    if (current != null && requestComplete || queued) {
      if (http2) {
        ReferenceCountUtil.release(msg);
        return;
      }
      if (pipelined == null) {
        pipelined = new ArrayDeque<>(4);
      }
      pipelined.add(msg); // the next request on this connection waits for the current response
      return;
    }
    dispatch(msg);
  }

  private void dispatch(Object msg) {
    if (swallowEmptyLast && msg instanceof LastHttpContent) {
      swallowEmptyLast = false; // the end marker of a pipelined request without a body
      ReferenceCountUtil.release(msg);
    } else if (msg instanceof RequestLimitsHandler.Rejection r) {
      reject(r);
    } else if (msg instanceof HttpRequest req) {
      starter.start(req);
    } else if (msg instanceof HttpContent chunk && current != null) {
      if (chunk instanceof LastHttpContent) {
        requestComplete = true;
      }
      current.touch();
      current.record().addBytesIn(chunk.content().readableBytes());
      current.body().offer(chunk);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  /**
   * {@code ex} becomes the current exchange; its request has yet to arrive completely.
   *
   * @param keepAlive whether the client lets the connection stay open after it
   * @param upgrade whether it is a WebSocket handshake, whose next bytes belong to the tunnel
   */
  void begin(Exchange ex, boolean keepAlive, boolean upgrade) {
    current = ex;
    requestComplete = false;
    clientKeepAlive = keepAlive;
    upgrading = upgrade;
  }

  /**
   * The current request has completely arrived with its head.
   *
   * @param endMarkerFollows the decoder will still deliver its (empty) end marker, to be dropped
   */
  void requestArrived(boolean endMarkerFollows) {
    requestComplete = true;
    if (endMarkerFollows) {
      swallowEmptyLast = true;
    }
  }

  Exchange current() {
    return current;
  }

  /** Whether the current exchange has become a tunnel (a WebSocket handshake's exchange). */
  boolean upgrading() {
    return upgrading;
  }

  /** Whether the connection is draining: responses from now on close it. */
  boolean draining() {
    return draining || state.isDraining();
  }

  /** The end of a read batch: whether to read on now. */
  void readComplete() {
    Exchange ex = current;
    if (ex != null) {
      ex.body().batchEnd();
      if (requestComplete && !http2 && !upgrading && (pipelined == null || pipelined.isEmpty())) {
        // Keep watching, so that a client that goes away is noticed at once; not during a
        // WebSocket handshake, whose next bytes are frames for the tunnel, not a request.
        ctx.read();
      }
    } else {
      ctx.read();
    }
  }

  /** A drain began: an idle connection closes now, a busy one after its response. */
  void drain() {
    draining = true;
    if (current == null) {
      ctx.close();
    }
  }

  @Override
  public boolean mustClose() {
    return !requestComplete || !clientKeepAlive || draining();
  }

  @Override
  public void exchangeEnded(Exchange ex, boolean closeConnection) {
    if (current != ex) {
      return;
    }
    current = null;
    ex.body().release();
    if (http2) {
      if (!requestComplete) {
        ctx.channel().close(); // resets the stream: the rest of the body is not wanted
      }
      return;
    }
    if (closeConnection) {
      releasePipelined();
      return; // the sink closes the connection once the response is flushed
    }
    // The next request's head and as much of its body as was read with it: a body left queued
    // would never reach the exchange that waits for it.
    while (!rejected
        && pipelined != null
        && !pipelined.isEmpty()
        && (current == null
            || !requestComplete
            || swallowEmptyLast && pipelined.peek() instanceof LastHttpContent)) {
      dispatch(pipelined.poll());
    }
    if (!rejected && (current == null || !requestComplete)) {
      ctx.read();
    }
  }

  /**
   * Answers a request the decoder rejected, in its turn (see {@link RequestLimitsHandler}): the
   * connection then closes, and whatever else was pipelined is dropped.
   */
  private void reject(RequestLimitsHandler.Rejection r) {
    rejected = true;
    releasePipelined();
    r.answer(ctx);
  }

  /** Drops the requests that waited their turn (the connection closes). */
  void releasePipelined() {
    if (pipelined != null) {
      Object m;
      while ((m = pipelined.poll()) != null) {
        ReferenceCountUtil.release(m);
      }
    }
  }
}
