package io.mcpedge.server;

import io.mcpedge.core.config.EscapedSlashes;
import io.mcpedge.core.route.Route;
import io.mcpedge.server.exchange.DeadlineTimer;
import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.exchange.Failure;
import io.mcpedge.server.exchange.NettyRequestHead;
import io.mcpedge.server.exchange.ProxyException;
import io.mcpedge.server.exchange.RequestBody;
import io.mcpedge.server.exchange.RequestTarget;
import io.mcpedge.server.exchange.UriRedaction;
import io.mcpedge.server.stream.TunnelInitializer;
import io.mcpedge.server.stream.WebSocketRequests;
import io.mcpedge.server.time.Scheduler;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * Drives exchanges: routes each request, creates its {@link Exchange} and runs the route's filter
 * chain; it knows nothing of the policies in the chain. The last handler of an HTTP/1.1 connection
 * (one exchange at a time; pipelined requests wait their turn) and of every HTTP/2 stream channel
 * (one exchange per stream). The channel does not auto-read: the head is read here, the body when
 * the upstream asks for it.
 */
public final class ExchangeHandler extends ChannelInboundHandlerAdapter {

  private final Routes routes;
  private final ServerState state;
  private final long replayLimit;
  private final EscapedSlashes escapedSlashes;
  private final Scheduler nanoTime;
  private ChannelHandlerContext ctx;
  private boolean http2;
  private String connectionId;
  private Exchange current;
  private boolean requestComplete;
  private boolean clientKeepAlive;
  private boolean swallowEmptyLast;

  /** A request could not be parsed: its answer is written or due, and nothing more is read. */
  private boolean rejected;

  private ArrayDeque<Object> pipelined;
  private boolean draining;
  private boolean upgrading;
  private DeadlineTimer timer;
  private boolean ownsTimer;

  /**
   * @param streamsTimer for an HTTP/2 stream, the timer that the streams of its connection share
   *     (the connection cancels it when it closes); {@code null} on an HTTP/1.1 connection, whose
   *     successive exchanges share a timer of this handler's
   */
  public ExchangeHandler(
      Routes routes,
      ServerState state,
      long replayLimit,
      EscapedSlashes escapedSlashes,
      Scheduler nanoTime,
      DeadlineTimer streamsTimer) {
    this.routes = routes;
    this.state = state;
    this.replayLimit = replayLimit;
    this.escapedSlashes = escapedSlashes;
    this.nanoTime = nanoTime;
    this.timer = streamsTimer;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    Channel ch = ctx.channel();
    http2 = ch instanceof Http2StreamChannel;
    Channel conn = http2 ? ch.parent() : ch;
    connectionId =
        http2
            ? conn.id().asShortText() + "/" + ((Http2StreamChannel) ch).stream().id()
            : conn.id().asShortText();
    // One exchange at a time on an HTTP/1.1 connection: its exchanges share one timer. An HTTP/2
    // stream's exchange shares its connection's timer with the other streams.
    if (timer == null) {
      timer = new DeadlineTimer(ch.eventLoop(), nanoTime);
      ownsTimer = true;
    }
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    // After a protocol switch the exchange lives on as a tunnel whose idle and lifetime deadlines
    // run on this connection's timer: it ends with the connection (channelInactive), not here.
    if (ownsTimer && !(upgrading && current != null)) {
      timer.cancel();
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ctx.read();
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
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
      startExchange(req);
    } else if (msg instanceof HttpContent chunk && current != null) {
      if (chunk instanceof LastHttpContent) {
        requestComplete = true;
      }
      current.touch();
      current.body().offer(chunk);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  private void startExchange(HttpRequest msg) {
    HttpRequest req = msg;
    LastHttpContent fullBody = null;
    if (msg instanceof FullHttpRequest full) {
      req =
          new DefaultHttpRequest(full.protocolVersion(), full.method(), full.uri(), full.headers());
      fullBody = new DefaultLastHttpContent(full.content(), full.trailingHeaders());
    }
    requestComplete = false;
    clientKeepAlive = http2 || HttpUtil.isKeepAlive(req);
    upgrading = isWebSocketHandshake(req);
    // An extended CONNECT's stream carries the tunnel's bytes, not a request body.
    boolean empty =
        upgrading && http2 || (fullBody != null ? !fullBody.content().isReadable() : !hasBody(req));
    // Routes, the cache and the upstream must all see one target, one path and one authority.
    Failure invalid = RequestTarget.check(req, http2, escapedSlashes);
    if (invalid != null) {
      clientKeepAlive = http2; // what else this client sends on the connection is not trusted
    }
    NettyRequestHead head = new NettyRequestHead(req);
    Route route = invalid == null ? routes.table().match(head) : null;
    RequestBody body = new RequestBody(ctx.channel(), replayLimit, empty);
    Exchange ex =
        new Exchange(
            route,
            head,
            body,
            ctx.channel(),
            http2 ? Exchange.Protocol.HTTP_2 : Exchange.Protocol.HTTP_1_1,
            connectionId,
            nanoTime);
    current = ex;
    if (upgrading) {
      ex.setProtocolSwitch(new TunnelInitializer(ex, http2));
    }
    DownstreamSink sink = new DownstreamSink(this, ex, ctx, http2, draining || state.isDraining());
    ex.start(sink, route == null ? null : route.config().timeouts(), timer);
    if (fullBody != null) {
      requestComplete = true;
      body.offer(fullBody);
    } else if (empty && !http2) {
      requestComplete = true;
      swallowEmptyLast = true;
    }
    if (route == null) {
      sink.onError(
          invalid == null
              ? new ProxyException(Failure.NO_ROUTE, head.path())
              : new ProxyException(invalid, UriRedaction.redact(req.uri())));
      return;
    }
    if (HttpUtil.is100ContinueExpected(req)) {
      req.headers().remove(HttpHeaderNames.EXPECT);
      if (route.config().directResponse() == null) {
        ctx.writeAndFlush(
            new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
      }
    }
    (upgrading ? routes.upgradeChain(route) : routes.chain(route)).run(ex, sink);
  }

  /**
   * A WebSocket opening handshake: an HTTP/1.1 upgrade, or an HTTP/2 extended CONNECT (RFC 8441),
   * which is rewritten here into the HTTP/1.1 upgrade the upstream will receive.
   */
  private boolean isWebSocketHandshake(HttpRequest req) {
    if (http2) {
      return WebSocketRequests.isExtendedConnect(req) && WebSocketRequests.toHttp1Upgrade(req);
    }
    return WebSocketRequests.isUpgrade(req);
  }

  /** RFC 9112 §6.3: without Content-Length or Transfer-Encoding a request has no body. */
  private boolean hasBody(HttpRequest req) {
    if (HttpUtil.isTransferEncodingChunked(req)) {
      return true;
    }
    if (http2) {
      return !HttpUtil.isContentLengthSet(req) || HttpUtil.getContentLength(req, 0L) > 0;
    }
    return HttpUtil.getContentLength(req, 0L) > 0;
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
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
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (current != null) {
      current.downstreamWritabilityChanged();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    Exchange ex = current;
    if (ex != null) {
      ex.cancel(new ProxyException(Failure.CLIENT_CLOSED, (String) null));
      ex.finish(); // its deadlines leave the timer, which may be the connection's
    }
    releasePipelined();
    if (ownsTimer) {
      timer.cancel();
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt == DrainEvent.INSTANCE) {
      draining = true;
      if (current == null) {
        ctx.close();
      }
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Exchange ex = current;
    if (ex != null) {
      ex.cancel(new ProxyException(Failure.CLIENT_CLOSED, cause.toString()));
    }
    ctx.close();
  }

  /** Whether the request of the current exchange has completely arrived. */
  boolean requestComplete() {
    return requestComplete;
  }

  /** HTTP/1.1: whether the connection must close after the current response. */
  boolean mustClose() {
    return !requestComplete || !clientKeepAlive || draining || state.isDraining();
  }

  /**
   * Called by the {@link DownstreamSink} once the response is written: the connection takes the
   * next request, or closes.
   */
  void exchangeEnded(Exchange ex, boolean closeConnection) {
    if (current != ex) {
      return;
    }
    current = null;
    ex.body().release();
    Channel ch = ctx.channel();
    if (http2) {
      if (!requestComplete) {
        ch.close(); // resets the stream: the rest of the body is not wanted
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

  private void releasePipelined() {
    if (pipelined != null) {
      Object m;
      while ((m = pipelined.poll()) != null) {
        ReferenceCountUtil.release(m);
      }
    }
  }
}
