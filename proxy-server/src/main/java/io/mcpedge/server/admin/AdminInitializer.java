package io.mcpedge.server.admin;

import io.mcpedge.server.channel.PipelineNames;
import io.mcpedge.server.channel.ServerState;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;

/**
 * The admin listener's pipeline: plain HTTP/1.1 with small aggregated requests. Order and names are
 * in {@link PipelineNames}.
 */
public final class AdminInitializer extends ChannelInitializer<Channel> {

  private static final int MAX_ADMIN_REQUEST = 8 * 1024;

  private final ServerState state;
  private final CacheAdminEndpoint cache;
  private final MetricsEndpoint metrics;
  private final ReloadEndpoint reload;

  /**
   * @param cache the cache's purge and stats endpoints, or {@code null} to serve none
   */
  public AdminInitializer(ServerState state, CacheAdminEndpoint cache) {
    this(state, cache, null);
  }

  /**
   * @param cache the cache's purge and stats endpoints, or {@code null} to serve none
   * @param metrics the Prometheus exposition, or {@code null} when metrics are off (404)
   */
  public AdminInitializer(ServerState state, CacheAdminEndpoint cache, MetricsEndpoint metrics) {
    this(state, cache, metrics, null);
  }

  /**
   * @param reload the config reload's {@code /reload}, or {@code null} to serve none (404)
   */
  public AdminInitializer(
      ServerState state, CacheAdminEndpoint cache, MetricsEndpoint metrics, ReloadEndpoint reload) {
    this.state = state;
    this.cache = cache;
    this.metrics = metrics;
    this.reload = reload;
  }

  @Override
  protected void initChannel(Channel ch) {
    ch.pipeline()
        .addLast(PipelineNames.HTTP_CODEC, new HttpServerCodec())
        .addLast(PipelineNames.AGGREGATOR, new HttpObjectAggregator(MAX_ADMIN_REQUEST))
        .addLast(PipelineNames.ADMIN, new AdminHandler(state, cache, metrics, reload));
  }
}
