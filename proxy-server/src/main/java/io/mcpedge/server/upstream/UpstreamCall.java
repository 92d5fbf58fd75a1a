package io.mcpedge.server.upstream;

import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.exchange.Failure;
import io.mcpedge.server.exchange.ProtocolSwitch;
import io.mcpedge.server.exchange.ProxyException;
import io.mcpedge.server.exchange.RequestBody;
import io.mcpedge.server.exchange.ResponseSink;
import io.mcpedge.server.stream.SseDetector;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * One attempt to get a response from one endpoint: leases a channel, streams the request (head,
 * then body as the client delivers it, pausing while the upstream is not writable), and relays the
 * response to the sink (pausing the upstream while the client is not writable). Confined to the
 * exchange's event loop.
 */
final class UpstreamCall implements LeaseCallback, RequestBody.Subscriber {

  /** The interim answers an attempt accepts before its final one. */
  static final int MAX_INTERIM = 16;

  private final Exchange ex;
  private final ResponseSink sink;
  private final ConnectionPool pool;
  private final boolean http2;
  private final AttemptListener listener;
  private Lease lease;
  private Channel ch;
  private UpstreamHandler handler;
  private boolean requestSent;
  private boolean awaitingWritable;
  private boolean responseStarted;
  private boolean keepAlive;
  private boolean finished;
  private boolean waiting;
  private boolean reported;
  private final Runnable readUpstream = this::readUpstream;
  private boolean policyEnded;
  private int interims;

  UpstreamCall(
      Exchange ex,
      ResponseSink sink,
      ConnectionPool pool,
      boolean http2,
      AttemptListener listener) {
    this.ex = ex;
    this.sink = sink;
    this.pool = pool;
    this.http2 = http2;
    this.listener = listener;
  }

  void start() {
    ex.setCanceller(this::fail);
    pool.acquire(this);
    if (!finished && lease == null) {
      if (listener.tryStartWaiting()) {
        waiting = true;
      } else {
        fail(Overload.PENDING);
      }
    }
  }

  private void stopWaiting() {
    if (waiting) {
      waiting = false;
      listener.stopWaiting();
    }
  }

  @Override
  public boolean isCancelled() {
    return finished;
  }

  @Override
  public void onLease(Lease l) {
    stopWaiting();
    if (finished) {
      l.release(true);
      return;
    }
    lease = l;
    ch = l.channel();
    // Every upstream pipeline ends with it (UpstreamInitializers): no walk by name per request.
    handler = (UpstreamHandler) ch.pipeline().last();
    handler.bind(this);
    RequestBody body = ex.body();
    HttpRequest req = ex.request();
    if (body.isEmpty()) {
      ch.write(
          new DefaultFullHttpRequest(
              req.protocolVersion(),
              req.method(),
              req.uri(),
              Unpooled.EMPTY_BUFFER,
              req.headers(),
              EmptyHttpHeaders.INSTANCE));
      requestSent = true;
      ch.flush();
    } else {
      if (!http2 && !HttpUtil.isContentLengthSet(req) && !HttpUtil.isTransferEncodingChunked(req)) {
        HttpUtil.setTransferEncodingChunked(req, true);
      }
      ch.write(req);
      body.subscribe(this);
      ch.flush();
    }
    ch.read();
  }

  @Override
  public void onLeaseFailed(Throwable cause) {
    stopWaiting();
    fail(
        cause instanceof ProxyException
            ? cause
            : new ProxyException(
                Failure.classify(cause) == Failure.CONNECT_TIMEOUT
                    ? Failure.CONNECT_TIMEOUT
                    : Failure.CONNECT_FAILED,
                cause.getMessage()));
  }

  @Override
  public void onChunk(HttpContent chunk) {
    if (finished) {
      chunk.release();
      return;
    }
    ex.touch();
    if (chunk instanceof LastHttpContent) {
      // The end of the body may arrive in the same client read as the head, after which no batch
      // end follows: flush here, or a request on a reused connection would sit unsent.
      requestSent = true;
      ch.writeAndFlush(chunk, ch.voidPromise());
      return;
    }
    ch.write(chunk, ch.voidPromise());
  }

  @Override
  public void onBatchEnd() {
    if (finished) {
      return;
    }
    ch.flush();
    if (!requestSent) {
      if (ch.isWritable()) {
        ex.body().demand();
      } else {
        awaitingWritable = true;
      }
    }
  }

  void onUpstreamWritabilityChanged() {
    if (awaitingWritable && ch.isWritable()) {
      awaitingWritable = false;
      ex.body().demand();
    }
  }

  void onMessage(Object msg) {
    if (finished) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof HttpObject o && o.decoderResult().isFailure()) {
      ReferenceCountUtil.release(msg);
      fail(new ProxyException(Failure.UPSTREAM_PROTOCOL, o.decoderResult().cause().toString()));
      return;
    }
    if (msg instanceof HttpResponse res) {
      int code = res.status().code();
      if (code == 101) {
        switchProtocols(res);
        return;
      }
      if (code >= 100 && code < 200) {
        interim(res);
        return;
      }
      responseStarted = true;
      ex.record().upstreamHeadNanos(ex.nanoTime());
      keepAlive = HttpUtil.isKeepAlive(res);
      if (!reported) {
        reported = true;
        listener.onResponse(code);
      }
      if (res instanceof FullHttpResponse full) {
        sink.onHead(new DefaultHttpResponse(full.protocolVersion(), full.status(), full.headers()));
        complete(new DefaultLastHttpContent(full.content(), full.trailingHeaders()));
        return;
      }
      sink.onHead(res);
      if (!http2 && !finished && SseDetector.isEventStream(res)) {
        // An event stream may last hours: it leaves the pool and the in-flight count now.
        lease.detach();
        endPolicy();
      }
      return;
    }
    if (msg instanceof HttpContent chunk) {
      ex.touch();
      if (chunk instanceof LastHttpContent) {
        complete(chunk);
      } else {
        sink.onContent(chunk);
      }
      return;
    }
    ReferenceCountUtil.release(msg);
  }

  /**
   * An interim answer (RFC 9110 §15.2): it neither starts nor ends the exchange, whose final answer
   * is still to come on the same connection or stream. Both codecs deliver it whole, as a {@link
   * FullHttpResponse} with no content; the sink gets its head alone. Past {@link #MAX_INTERIM} the
   * upstream is taken to be broken: it would otherwise hold the client and the connection for as
   * long as it keeps sending them.
   */
  private void interim(HttpResponse res) {
    HttpResponse head = new DefaultHttpResponse(res.protocolVersion(), res.status(), res.headers());
    ReferenceCountUtil.release(res);
    if (++interims > MAX_INTERIM) {
      fail(
          new ProxyException(
              Failure.UPSTREAM_PROTOCOL, "more than " + MAX_INTERIM + " interim responses"));
      return;
    }
    sink.onInterim(head);
  }

  /**
   * A {@code 101}: when the exchange asked to switch protocols, the connection leaves the pool for
   * good and becomes one end of a tunnel; otherwise it is an invalid answer.
   */
  private void switchProtocols(HttpResponse res) {
    ProtocolSwitch sw = ex.protocolSwitch();
    if (sw == null
        || http2
        || res instanceof FullHttpResponse full && full.content().isReadable()) {
      ReferenceCountUtil.release(res);
      fail(new ProxyException(Failure.UPSTREAM_PROTOCOL, "unexpected 101 Switching Protocols"));
      return;
    }
    finished = true;
    responseStarted = true;
    ex.record().upstreamHeadNanos(ex.nanoTime());
    ex.setCanceller(null);
    ex.body().unsubscribe(this);
    handler.unbind(this);
    lease.detach();
    reported = true;
    listener.onResponse(101);
    endPolicy();
    HttpResponse head =
        res instanceof FullHttpResponse full
            ? new DefaultHttpResponse(full.protocolVersion(), full.status(), full.headers())
            : res;
    ReferenceCountUtil.release(res);
    sink.onHead(head);
    sw.switchTo(ch);
  }

  private void endPolicy() {
    if (!policyEnded) {
      policyEnded = true;
      listener.onEnd();
    }
  }

  void onReadComplete() {
    if (finished) {
      return;
    }
    ex.flushDownstream();
    ex.whenDownstreamWritable(readUpstream);
  }

  private void readUpstream() {
    if (!finished) {
      ch.read();
    }
  }

  void onUpstreamClosed(Throwable cause) {
    if (finished) {
      return;
    }
    String detail = cause == null ? "connection closed" : cause.toString();
    Failure f = cause == null ? Failure.UPSTREAM_RESET : Failure.classify(cause);
    fail(new ProxyException(f, (responseStarted ? "mid-response: " : "") + detail));
  }

  private void complete(HttpContent last) {
    if (finished) {
      last.release(); // the sink aborted the attempt on its head (a retry abandons a 5xx)
      return;
    }
    finished = true;
    ex.setCanceller(null);
    ex.body().unsubscribe(this);
    handler.unbind(this);
    lease.release(requestSent && keepAlive);
    endPolicy();
    sink.onContent(last);
  }

  /** Ends the attempt without a complete response; also the exchange's canceller. */
  private void fail(Throwable cause) {
    if (finished) {
      return;
    }
    finished = true;
    ex.setCanceller(null);
    ex.body().unsubscribe(this);
    if (lease != null) {
      handler.unbind(this);
      lease.release(false);
    }
    stopWaiting();
    if (!reported) {
      reported = true;
      listener.onFailure(cause);
    }
    endPolicy();
    sink.onError(cause);
  }
}
