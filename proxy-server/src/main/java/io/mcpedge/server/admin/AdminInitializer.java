package io.mcpedge.server.admin;

import io.mcpedge.core.config.AdminConfig;
import io.mcpedge.core.config.ByteSize;
import io.mcpedge.core.config.HostPort;
import io.mcpedge.core.config.ServerConfig;
import io.mcpedge.server.answer.AdminToken;
import io.mcpedge.server.channel.PipelineNames;
import io.mcpedge.server.channel.ServerState;
import io.mcpedge.server.codec.HeaderNameValidation;
import io.mcpedge.server.pipeline.ClientHeaderTimeoutHandler;
import io.mcpedge.server.pipeline.RequestLimitsHandler;
import io.mcpedge.server.time.Scheduler;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The admin listener's pipeline: plain HTTP/1.1 with small aggregated requests, under the same
 * request-line and header limits and the same request-head timeout as the data listeners (408, or a
 * silent close of an idle keep-alive connection), and an idle timeout of its own ({@code
 * admin.idleTimeout}), so that a half-sent request or a client that stopped reading cannot hold an
 * admin connection open. Order and names are in {@link PipelineNames}.
 */
public final class AdminInitializer extends ChannelInitializer<Channel> {

  private static final int MAX_ADMIN_REQUEST = 8 * 1024;

  /** The data listeners' defaults, for the admin channels of handler tests. */
  private static final ServerConfig DEFAULT_LIMITS =
      new ServerConfig(
          1,
          Duration.ofSeconds(30),
          8 * 1024,
          ByteSize.ofBytes(64 * 1024),
          ByteSize.ofBytes(64 * 1024),
          Duration.ofSeconds(60));

  private final ServerState state;
  private final AdminToken token;
  private final long idleNanos;
  private final ServerConfig limits;
  private final Scheduler scheduler;
  private final AdminPages pages;
  private final HttpHeadersFactory headersFactory = HeaderNameValidation.newFactory();

  /**
   * @param cache the cache's purge and stats endpoints, or {@code null} to serve none
   */
  public AdminInitializer(ServerState state, CacheAdminEndpoint cache) {
    this(state, cache, null);
  }

  /**
   * Without a token (every page beyond the probes and metrics is refused) and with the default
   * limits.
   *
   * @param cache the cache's purge and stats endpoints, or {@code null} to serve none
   * @param metrics the Prometheus exposition, or {@code null} when metrics are off (404)
   */
  public AdminInitializer(ServerState state, CacheAdminEndpoint cache, MetricsEndpoint metrics) {
    this(
        state,
        new AdminConfig(new HostPort("127.0.0.1", 0), null),
        DEFAULT_LIMITS,
        Scheduler.system(),
        new AdminPages(cache, metrics, null, null));
  }

  /**
   * @param admin the token and the idle timeout
   * @param limits the data listeners' request-line and header limits and head timeout
   * @param scheduler the clock of the head timeout
   */
  public AdminInitializer(
      ServerState state,
      AdminConfig admin,
      ServerConfig limits,
      Scheduler scheduler,
      AdminPages pages) {
    this.state = state;
    this.token = new AdminToken(admin.token());
    this.idleNanos = admin.idleTimeout().toNanos();
    this.limits = limits;
    this.scheduler = scheduler;
    this.pages = pages;
  }

  @Override
  protected void initChannel(Channel ch) {
    ClientHeaderTimeoutHandler headerTimeout =
        new ClientHeaderTimeoutHandler(limits.clientHeaderTimeout().toNanos(), scheduler);
    ch.pipeline()
        .addLast(PipelineNames.IDLE, new IdleClose(idleNanos))
        .addLast(PipelineNames.BYTES_SEEN, headerTimeout.bytesObserver())
        .addLast(
            PipelineNames.HTTP_CODEC,
            new HttpServerCodec(
                new HttpDecoderConfig()
                    .setHeadersFactory(headersFactory)
                    .setMaxInitialLineLength(limits.maxInitialLineLength())
                    .setMaxHeaderSize(limits.maxHeaderSize().intBytes())))
        .addLast(PipelineNames.HEADER_TIMEOUT, headerTimeout)
        .addLast(PipelineNames.REQUEST_LIMITS, new RequestLimitsHandler())
        .addLast(PipelineNames.AGGREGATOR, new HttpObjectAggregator(MAX_ADMIN_REQUEST))
        .addLast(PipelineNames.ADMIN, new AdminHandler(state, token, pages));
  }

  /**
   * Closes a connection silent in both directions for the idle timeout. Netty's own handler, on the
   * admin event loop's wall clock: the admin listener carries no exchange, so the proxy's injected
   * clock, which tests stop, would only keep such connections open.
   */
  private static final class IdleClose extends IdleStateHandler {
    IdleClose(long idleNanos) {
      super(0, 0, idleNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
      ctx.close();
    }
  }
}
