package io.mcpedge.server.pipeline;

import io.mcpedge.core.config.EscapedSlashes;
import io.mcpedge.core.http.TrustedProxies;
import io.mcpedge.core.route.Route;
import io.mcpedge.server.channel.ServerState;
import io.mcpedge.server.codec.NettyRequestHead;
import io.mcpedge.server.codec.UriRedaction;
import io.mcpedge.server.exchange.DeadlineTimer;
import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.exchange.ExchangeObserver;
import io.mcpedge.server.exchange.Failure;
import io.mcpedge.server.exchange.ProxyException;
import io.mcpedge.server.exchange.RequestBody;
import io.mcpedge.server.route.LiveRoutes;
import io.mcpedge.server.route.RouteTableSnapshot;
import io.mcpedge.server.stream.TunnelInitializer;
import io.mcpedge.server.stream.WebSocketHandshake;
import io.mcpedge.server.time.Scheduler;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2StreamChannel;

/**
 * Drives exchanges: routes each request, creates its {@link Exchange} and runs the route's filter
 * chain; it knows nothing of the policies in the chain. The last handler of an HTTP/1.1 connection
 * and of every HTTP/2 stream channel. Whose turn it is (pipelining, keep-alive, drain) is its
 * {@link ConnectionTurn}'s; what a head must pass before it runs, its {@link RequestAdmission}'s.
 * The channel does not auto-read: the head is read here, the body when the upstream asks for it.
 */
public final class ExchangeHandler extends ChannelInboundHandlerAdapter {

  private final LiveRoutes routes;
  private final ServerState state;
  private final long replayLimit;
  private final RequestAdmission admission;
  private final TrustedProxies trustedProxies;
  private final Scheduler scheduler;
  private final ExchangeObserver observer;
  private ChannelHandlerContext ctx;
  private Exchange.Protocol protocol;
  private String connectionId;
  private ConnectionTurn turn;
  private final DeadlineTimer streamsTimer;
  private ExchangeTimerOwner timers;

  /**
   * @param routes the live route table; each exchange takes its route and its chain from the
   *     snapshot current when its head arrives, and keeps it to its end (a reload swaps it)
   * @param streamsTimer for an HTTP/2 stream, the timer that the streams of its connection share
   *     (the connection cancels it when it closes); {@code null} on an HTTP/1.1 connection, whose
   *     successive exchanges share a timer of this handler's
   * @param observer told about every exchange as it ends (metrics)
   */
  public ExchangeHandler(
      LiveRoutes routes,
      ServerState state,
      long replayLimit,
      EscapedSlashes escapedSlashes,
      int maxHeaderCount,
      TrustedProxies trustedProxies,
      Scheduler scheduler,
      DeadlineTimer streamsTimer,
      ExchangeObserver observer) {
    this.routes = routes;
    this.state = state;
    this.replayLimit = replayLimit;
    this.admission = new RequestAdmission(escapedSlashes, maxHeaderCount);
    this.trustedProxies = trustedProxies;
    this.scheduler = scheduler;
    this.streamsTimer = streamsTimer;
    this.observer = observer;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    Channel ch = ctx.channel();
    boolean http2 = ch instanceof Http2StreamChannel;
    protocol = http2 ? Exchange.Protocol.HTTP_2 : Exchange.Protocol.HTTP_1_1;
    Channel conn = http2 ? ch.parent() : ch;
    connectionId =
        http2
            ? conn.id().asShortText() + "/" + ((Http2StreamChannel) ch).stream().id()
            : conn.id().asShortText();
    turn = new ConnectionTurn(ctx, protocol, state, this::startExchange);
    timers = ExchangeTimerOwner.of(streamsTimer, ch.eventLoop(), scheduler);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    // After a protocol switch the exchange lives on as a tunnel whose idle and lifetime deadlines
    // run on this connection's timer: it ends with the connection (channelInactive), not here.
    if (!(turn.upgrading() && turn.current() != null)) {
      timers.cancelIfOwned();
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ctx.read();
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    turn.read(msg);
  }

  private void startExchange(HttpRequest msg) {
    HttpRequest req = msg;
    LastHttpContent fullBody = null;
    if (msg instanceof FullHttpRequest full) {
      req =
          new DefaultHttpRequest(full.protocolVersion(), full.method(), full.uri(), full.headers());
      fullBody = new DefaultLastHttpContent(full.content(), full.trailingHeaders());
    }
    boolean http2 = protocol == Exchange.Protocol.HTTP_2;
    boolean keepAlive = http2 || HttpUtil.isKeepAlive(req);
    boolean upgrading = WebSocketHandshake.recognise(req, protocol);
    if (upgrading) {
      WebSocketHandshake.rewriteForUpstream(req, protocol);
    }
    boolean empty = isEmpty(req, fullBody, upgrading);
    Failure invalid = admission.checkHead(req, protocol);
    if (invalid != null) {
      keepAlive = http2; // what else this client sends on the connection is not trusted
    }
    NettyRequestHead head = new NettyRequestHead(req);
    RouteTableSnapshot snapshot = routes.current();
    Route route = invalid == null ? snapshot.table().match(head) : null;
    Failure tooLarge = route == null ? null : RequestAdmission.checkDeclaredBody(req, route);
    RequestBody body = new RequestBody(ctx.channel(), replayLimit, empty);
    Exchange ex = new Exchange(route, head, body, ctx.channel(), protocol, connectionId, scheduler);
    if (!trustedProxies.isEmpty()) {
      ex.trustForwarding(trustedProxies);
    }
    if (route != null && route.config().maxRequestBody() != null) {
      body.limit(
          route.config().maxRequestBody().bytes(),
          () -> ex.cancel(new ProxyException(Failure.BODY_TOO_LARGE, "over maxRequestBody")));
    }
    observer.exchangeStarted(ex);
    turn.begin(ex, keepAlive, upgrading);
    if (upgrading) {
      ex.setProtocolSwitch(new TunnelInitializer(ex));
    }
    DownstreamSink sink = new DownstreamSink(turn, observer, ex, ctx, turn.draining());
    ex.start(sink, route == null ? null : route.config().timeouts(), timers.timer());
    if (fullBody != null) {
      turn.requestArrived(false);
      ex.record().addBytesIn(fullBody.content().readableBytes());
      body.offer(fullBody);
    } else if (empty && !http2) {
      turn.requestArrived(true);
    }
    if (route == null) {
      sink.onError(
          invalid == null
              ? new ProxyException(Failure.NO_ROUTE, head.path())
              : new ProxyException(invalid, UriRedaction.redact(req.uri())));
      return;
    }
    if (tooLarge != null) {
      // Before 100-continue and before any of the body is read: the connection then closes, since
      // the unread body is still on it (ConnectionTurn#mustClose).
      sink.onError(new ProxyException(tooLarge, "Content-Length over maxRequestBody"));
      return;
    }
    RequestAdmission.answerExpectContinue(ctx, req, route);
    (upgrading ? snapshot.upgradeChain(route) : snapshot.chain(route)).run(ex, sink);
  }

  /** Whether the request has no body (RFC 9112 §6.3), or has it all with its head already. */
  private boolean isEmpty(HttpRequest req, LastHttpContent fullBody, boolean upgrading) {
    if (upgrading && protocol == Exchange.Protocol.HTTP_2) {
      return true; // an extended CONNECT's stream carries the tunnel's bytes, not a request body
    }
    return fullBody != null
        ? !fullBody.content().isReadable()
        : !RequestAdmission.hasBody(req, protocol);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    turn.readComplete();
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    Exchange ex = turn.current();
    if (ex != null) {
      ex.downstreamWritabilityChanged();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    Exchange ex = turn.current();
    if (ex != null) {
      ex.cancel(new ProxyException(Failure.CLIENT_CLOSED, (String) null));
      ex.finish(); // its deadlines leave the timer, which may be the connection's
    }
    turn.releasePipelined();
    timers.cancelIfOwned();
    ctx.fireChannelInactive();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt == DrainEvent.INSTANCE) {
      turn.drain();
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Exchange ex = turn.current();
    if (ex != null) {
      ex.cancel(new ProxyException(Failure.CLIENT_CLOSED, cause.toString()));
    }
    ctx.close();
  }
}
