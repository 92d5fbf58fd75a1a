package io.mcpedge.server.pipeline;

import io.mcpedge.core.config.ServerConfig;
import io.mcpedge.core.http.TrustedProxies;
import io.mcpedge.server.channel.PipelineNames;
import io.mcpedge.server.channel.ServerState;
import io.mcpedge.server.codec.HeaderNameValidation;
import io.mcpedge.server.codec.ServerHttpCodec;
import io.mcpedge.server.exchange.DeadlineTimer;
import io.mcpedge.server.exchange.ExchangeObserver;
import io.mcpedge.server.route.LiveRoutes;
import io.mcpedge.server.route.RouteTableSnapshot;
import io.mcpedge.server.time.Scheduler;
import io.mcpedge.server.tls.ServerTls;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http2.DefaultHttp2Connection;
import io.netty.handler.codec.http2.DefaultHttp2RemoteFlowController;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.codec.http2.UniformStreamByteDistributor;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.AsciiString;

/**
 * The pipeline of an accepted client connection. On a cleartext listener: HTTP/1.1 and cleartext
 * HTTP/2 on one port, detected per connection (the HTTP/2 preface, RFC 9113 §3.4, or {@code
 * Upgrade: h2c}). On a TLS listener: TLS with the certificate chosen by SNI, then HTTP/2 or
 * HTTP/1.1 as ALPN decided. Order and names are in {@link PipelineNames}.
 */
public final class DownstreamInitializer extends ChannelInitializer<Channel> {

  private static final int MAX_CONCURRENT_STREAMS = 1024;
  private static final int UPGRADE_BODY_LIMIT = 64 * 1024;
  private static final long CLIENT_ERROR_LOG_INTERVAL_NANOS = 60_000_000_000L;

  private final LiveRoutes routes;
  private final ServerState state;
  private final ServerConfig server;
  private final ChannelGroup connections;
  private final Scheduler scheduler;
  private final ExchangeObserver observer;
  private final ConnectionMetrics metrics;
  private final HttpHeadersFactory headersFactory = HeaderNameValidation.newFactory();
  private final ClientErrorHandler clientErrors;
  private final ConnectionLimits limits;
  private final TrustedProxies trustedProxies;
  private final ServerTls tls;
  private final HstsHandler hsts;

  public DownstreamInitializer(
      RouteTableSnapshot routes,
      ServerState state,
      ServerConfig server,
      ChannelGroup connections,
      Scheduler scheduler) {
    this(new LiveRoutes(routes), state, server, connections, scheduler, ExchangeObserver.NONE);
  }

  public DownstreamInitializer(
      LiveRoutes routes,
      ServerState state,
      ServerConfig server,
      ChannelGroup connections,
      Scheduler scheduler,
      ExchangeObserver observer) {
    this(routes, state, server, connections, scheduler, observer, null);
  }

  /**
   * @param routes the live route table, which a config reload swaps for new requests
   * @param observer told about every exchange of these connections as it ends (metrics)
   * @param metrics counts connections, bytes and HTTP/2 streams; {@code null} with metrics off
   */
  public DownstreamInitializer(
      LiveRoutes routes,
      ServerState state,
      ServerConfig server,
      ChannelGroup connections,
      Scheduler scheduler,
      ExchangeObserver observer,
      ConnectionMetrics metrics) {
    this(routes, state, server, connections, scheduler, observer, metrics, null, null);
  }

  /**
   * @param tls the listener's certificates, or {@code null} for a cleartext listener
   * @param limits the connection limits, shared by every listener of the server so that {@code
   *     maxConnections} counts all of them; {@code null} for limits of this listener's own
   */
  public DownstreamInitializer(
      LiveRoutes routes,
      ServerState state,
      ServerConfig server,
      ChannelGroup connections,
      Scheduler scheduler,
      ExchangeObserver observer,
      ConnectionMetrics metrics,
      ServerTls tls,
      ConnectionLimits limits) {
    this.tls = tls;
    this.hsts =
        tls == null || tls.config().hsts() == null
            ? null
            : new HstsHandler(tls.config().hsts().headerValue());
    this.observer = observer;
    this.metrics = metrics;
    this.routes = routes;
    this.state = state;
    this.server = server;
    this.connections = connections;
    this.scheduler = scheduler;
    this.clientErrors =
        new ClientErrorHandler(new ClientErrorLog(scheduler, CLIENT_ERROR_LOG_INTERVAL_NANOS));
    this.limits =
        limits != null
            ? limits
            : new ConnectionLimits(server.maxConnections(), server.maxConnectionsPerClient());
    this.trustedProxies = TrustedProxies.of(server.trustedProxies());
  }

  /** The connection limits of this server's listeners (for metrics and tests). */
  public ConnectionLimits connectionLimits() {
    return limits;
  }

  @Override
  protected void initChannel(Channel ch) {
    if (limits.enabled() && !limits.admit(ch)) {
      ch.close(); // over server.maxConnections or maxConnectionsPerClient: refused unread
      return;
    }
    connections.add(ch);
    if (tls != null) {
      if (metrics != null) {
        // Counts the bytes on the wire, TLS records included; ALPN h2 swaps in the h2 instance.
        ch.pipeline().addLast(PipelineNames.CONNECTION_METRICS, metrics.http1());
      }
      // Reads run freely during the handshake; the HTTP/1.1 stack turns them off again.
      ch.pipeline()
          .addLast(PipelineNames.TLS, new TlsSniHandler(tls))
          .addLast(
              PipelineNames.ALPN,
              new TlsProtocolHandler(this::addHttp2AfterTls, this::addHttp1AfterTls));
      return;
    }
    ch.config().setAutoRead(false);
    ServerHttpCodec http1 = newHttp1Codec();
    HttpServerUpgradeHandler upgrade = new FirstRequestUpgradeHandler(http1);
    ChannelPipeline p = ch.pipeline();
    if (metrics != null) {
      p.addLast(PipelineNames.CONNECTION_METRICS, metrics.http1());
    }
    ClientHeaderTimeoutHandler headerTimeout =
        new ClientHeaderTimeoutHandler(server.clientHeaderTimeout().toNanos(), scheduler);
    p.addLast(PipelineNames.BYTES_SEEN, headerTimeout.bytesObserver());
    p.addLast(
        PipelineNames.H2C_DETECT,
        new CleartextHttp2DetectHandler(http1, upgrade, new Http2Stack(true)));
    p.addLast(PipelineNames.HEADER_TIMEOUT, headerTimeout);
    p.addLast(PipelineNames.REQUEST_LIMITS, new RequestLimitsHandler());
    p.addLast(PipelineNames.EXCHANGE, newExchangeHandler(null));
  }

  private ServerHttpCodec newHttp1Codec() {
    return new ServerHttpCodec(
        new HttpDecoderConfig()
            .setHeadersFactory(headersFactory)
            .setMaxInitialLineLength(server.maxInitialLineLength())
            .setMaxHeaderSize(server.maxHeaderSize().intBytes()));
  }

  /** ALPN chose {@code h2}: the HTTP/2 handlers, as after a cleartext preface. */
  private void addHttp2AfterTls(ChannelHandlerContext alpn) {
    alpn.pipeline().addAfter(alpn.name(), null, new Http2Stack(true));
  }

  /** ALPN chose {@code http/1.1} (or none): the HTTP/1.1 handlers, without h2c detection. */
  private void addHttp1AfterTls(ChannelHandlerContext alpn) {
    ClientHeaderTimeoutHandler headerTimeout =
        new ClientHeaderTimeoutHandler(server.clientHeaderTimeout().toNanos(), scheduler);
    ChannelPipeline p = alpn.pipeline();
    p.addAfter(alpn.name(), PipelineNames.BYTES_SEEN, headerTimeout.bytesObserver())
        .addAfter(PipelineNames.BYTES_SEEN, PipelineNames.HTTP_CODEC, newHttp1Codec())
        .addAfter(PipelineNames.HTTP_CODEC, PipelineNames.HEADER_TIMEOUT, headerTimeout)
        .addAfter(
            PipelineNames.HEADER_TIMEOUT, PipelineNames.REQUEST_LIMITS, new RequestLimitsHandler());
    String last = PipelineNames.REQUEST_LIMITS;
    if (hsts != null) {
      p.addAfter(last, PipelineNames.HSTS, hsts);
      last = PipelineNames.HSTS;
    }
    p.addAfter(last, PipelineNames.EXCHANGE, newExchangeHandler(null));
    alpn.channel().config().setAutoRead(false);
    alpn.read();
  }

  /**
   * Upgrades to h2c (RFC 7540 §3.2) on the first request of a connection only. The handler is an
   * aggregator that would otherwise inspect every later message, so it leaves the pipeline as soon
   * as a request without {@code Upgrade} has passed; once it upgrades, it removes itself.
   */
  private final class FirstRequestUpgradeHandler extends HttpServerUpgradeHandler {

    FirstRequestUpgradeHandler(ServerHttpCodec http1) {
      super(
          http1,
          protocol ->
              AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)
                  ? new Http2ServerUpgradeCodec(newFrameCodec(), new Http2Stack(false))
                  : null,
          UPGRADE_BODY_LIMIT);
    }

    @Override
    protected boolean shouldHandleUpgradeRequest(HttpRequest req) {
      // The upgrade would buffer the whole body; a request with a body stays HTTP/1.1.
      return !HttpUtil.isTransferEncodingChunked(req)
          && HttpUtil.getContentLength(req, 0L) == 0
          && super.shouldHandleUpgradeRequest(req);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
      boolean plain =
          msg instanceof HttpRequest req && !req.headers().contains(HttpHeaderNames.UPGRADE);
      super.channelRead(ctx, msg);
      if (plain && !ctx.isRemoved()) {
        ctx.pipeline().remove(this);
      }
    }
  }

  private ExchangeHandler newExchangeHandler(DeadlineTimer streamsTimer) {
    return new ExchangeHandler(
        routes,
        state,
        server.maxRequestBodyBuffer().bytes(),
        server.escapedSlashes(),
        server.maxHeaderCount(),
        trustedProxies,
        scheduler,
        streamsTimer,
        observer);
  }

  private Http2FrameCodec newFrameCodec() {
    return new FrameCodecBuilder(metrics)
        .initialSettings(
            Http2Settings.defaultSettings()
                .maxConcurrentStreams(MAX_CONCURRENT_STREAMS)
                .maxHeaderListSize(server.maxHeaderSize().bytes())
                // RFC 8441 §3: clients may open WebSockets with an extended CONNECT.
                .connectProtocolEnabled(true))
        .gracefulShutdownTimeoutMillis(server.drainTimeout().toMillis())
        .build();
  }

  /**
   * Runs when the connection has turned into HTTP/2 (by preface or upgrade): adds the HTTP/2
   * connection handlers, drops the HTTP/1.1-only ones, and lets the connection read freely, since
   * flow control is now per stream.
   */
  private final class Http2Stack extends ChannelInitializer<Channel> {
    private final boolean withCodec;

    Http2Stack(boolean withCodec) {
      this.withCodec = withCodec;
    }

    @Override
    protected void initChannel(Channel ch) {
      ChannelPipeline p = ch.pipeline();
      if (metrics != null && p.get(PipelineNames.CONNECTION_METRICS) != null) {
        p.replace(
            PipelineNames.CONNECTION_METRICS, PipelineNames.CONNECTION_METRICS, metrics.http2());
      }
      // Each stream's response flushes the parent connection; the answers of one event-loop turn
      // (several upstream reads, or one read batch of the client) leave in one write instead.
      // Over TLS it goes after the SslHandler, which then encrypts one batch per flush too.
      FlushConsolidationHandler consolidation =
          new FlushConsolidationHandler(
              FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true);
      if (p.get(PipelineNames.TLS) != null) {
        p.addAfter(PipelineNames.TLS, PipelineNames.FLUSH_CONSOLIDATION, consolidation);
      } else {
        p.addFirst(PipelineNames.FLUSH_CONSOLIDATION, consolidation);
      }
      String after = p.context(this).name();
      if (withCodec) {
        p.addAfter(after, PipelineNames.H2_CODEC, newFrameCodec());
        after = PipelineNames.H2_CODEC;
      }
      // Before the codec, to see each frame header as it arrives; in the codec's place in the
      // pipeline (not first), so that it also sees the bytes handed on by the preface detector.
      p.addBefore(
          p.context(Http2FrameCodec.class).name(),
          PipelineNames.H2_HEADER_TIMEOUT,
          new H2HeaderBlockTimeoutHandler(server.clientHeaderTimeout().toNanos(), scheduler));
      // The exchanges of the connection's streams share one timer, which ends with the connection.
      DeadlineTimer streamsTimer = new DeadlineTimer(ch.eventLoop(), scheduler);
      ch.closeFuture().addListener(f -> streamsTimer.cancel());
      p.addAfter(
          after,
          PipelineNames.H2_MULTIPLEX,
          new Http2MultiplexHandler(new StreamInitializer(streamsTimer)));
      p.addAfter(PipelineNames.H2_MULTIPLEX, PipelineNames.CONNECTION_DRAIN, new Http2Drain());
      p.addAfter(PipelineNames.CONNECTION_DRAIN, PipelineNames.CLIENT_ERRORS, clientErrors);
      for (String name :
          new String[] {
            PipelineNames.BYTES_SEEN,
            PipelineNames.HEADER_TIMEOUT,
            PipelineNames.REQUEST_LIMITS,
            PipelineNames.EXCHANGE
          }) {
        if (p.get(name) != null) {
          p.remove(name);
        }
      }
      ch.config().setAutoRead(true);
    }
  }

  /**
   * Each HTTP/2 stream of one connection: HTTP/2 frames as HTTP/1 objects, then the exchange
   * driver.
   */
  @ChannelHandler.Sharable
  private final class StreamInitializer extends ChannelInitializer<Channel> {
    private final DeadlineTimer streamsTimer;

    StreamInitializer(DeadlineTimer streamsTimer) {
      this.streamsTimer = streamsTimer;
    }

    @Override
    protected void initChannel(Channel ch) {
      ch.config().setAutoRead(false);
      ChannelPipeline p = ch.pipeline();
      p.addLast(PipelineNames.H2_STREAM_CODEC, new Http2StreamFrameToHttpObjectCodec(true));
      if (hsts != null) {
        p.addLast(PipelineNames.HSTS, hsts);
      }
      p.addLast(PipelineNames.EXCHANGE, newExchangeHandler(streamsTimer));
    }
  }

  /**
   * The server's frame codec with a {@link UniformStreamByteDistributor}: response data of the open
   * streams is sent in equal shares instead of by RFC 7540 priority weights, which RFC 9113
   * deprecates and clients no longer send. With hundreds of streams per connection the weighted
   * tree was a tenth of the CPU per request.
   */
  private static final class FrameCodecBuilder extends Http2FrameCodecBuilder {
    FrameCodecBuilder(ConnectionMetrics metrics) {
      // The connection says it is the server's (server() and connection() exclude each other).
      Http2Connection connection = new DefaultHttp2Connection(true);
      if (metrics != null) {
        connection.addListener(metrics.streamListener());
      }
      connection
          .remote()
          .flowController(
              new DefaultHttp2RemoteFlowController(
                  connection, new UniformStreamByteDistributor(connection)));
      connection(connection);
    }
  }

  /** Drain on HTTP/2: a graceful close sends GOAWAY and waits for the open streams. */
  private static final class Http2Drain extends ChannelInboundHandlerAdapter {
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt == DrainEvent.INSTANCE) {
        ctx.channel().close();
        return;
      }
      ctx.fireUserEventTriggered(evt);
    }
  }
}
