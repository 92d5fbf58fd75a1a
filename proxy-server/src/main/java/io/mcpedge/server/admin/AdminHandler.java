package io.mcpedge.server.admin;

import io.mcpedge.server.answer.LocalAnswers;
import io.mcpedge.server.channel.ServerState;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * Answers the admin endpoints: {@code GET /health} (the process is alive) and {@code GET /ready}
 * (config loaded and listeners bound; 503 while draining, so that load balancers stop sending). The
 * cache's endpoints ({@code /cache/purge}, {@code /cache/stats}) are {@link CacheAdminEndpoint}'s,
 * the metrics ({@code /metrics}, {@code /stats/prometheus}) {@link MetricsEndpoint}'s, the config
 * reload ({@code /reload}) {@link ReloadEndpoint}'s. Last handler of the admin pipeline.
 */
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  private final ServerState state;
  private final CacheAdminEndpoint cache;
  private final MetricsEndpoint metrics;
  private final ReloadEndpoint reload;

  AdminHandler(
      ServerState state, CacheAdminEndpoint cache, MetricsEndpoint metrics, ReloadEndpoint reload) {
    this.state = state;
    this.cache = cache;
    this.metrics = metrics;
    this.reload = reload;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
    boolean keepAlive = HttpUtil.isKeepAlive(req);
    if (reload != null && ReloadEndpoint.PATH.equals(new QueryStringDecoder(req.uri()).path())) {
      // A reload answers later: no further request is read until it has, so answers keep order.
      ctx.channel().config().setAutoRead(false);
      reload.answer(
          req,
          ctx.alloc(),
          ctx.executor(),
          res -> {
            reply(ctx, res, keepAlive);
            ctx.channel().config().setAutoRead(true);
          });
      return;
    }
    reply(ctx, answer(ctx, req), keepAlive);
  }

  private static void reply(ChannelHandlerContext ctx, FullHttpResponse res, boolean keepAlive) {
    if (keepAlive) {
      ctx.writeAndFlush(res, ctx.voidPromise());
    } else {
      LocalAnswers.writeAndClose(ctx, res);
    }
  }

  private FullHttpResponse answer(ChannelHandlerContext ctx, FullHttpRequest req) {
    String path = req.uri();
    int q = path.indexOf('?');
    if (q >= 0) {
      path = path.substring(0, q);
    }
    if (cache != null && path.startsWith(CacheAdminEndpoint.PREFIX)) {
      return cache.answer(req, ctx.alloc());
    }
    boolean get = HttpMethod.GET.equals(req.method()) || HttpMethod.HEAD.equals(req.method());
    if (!get) {
      return LocalAnswers.text(
          HttpResponseStatus.METHOD_NOT_ALLOWED, "405 Method Not Allowed\n", ctx.alloc());
    }
    if (metrics != null && MetricsEndpoint.serves(path)) {
      return metrics.answer(req, ctx.alloc());
    }
    switch (path) {
      case "/health":
        return LocalAnswers.text(HttpResponseStatus.OK, "ok\n", ctx.alloc());
      case "/ready":
        if (state.isReady()) {
          return LocalAnswers.text(HttpResponseStatus.OK, "ready\n", ctx.alloc());
        }
        return LocalAnswers.text(
            HttpResponseStatus.SERVICE_UNAVAILABLE,
            state.isDraining() ? "draining\n" : "not ready\n",
            ctx.alloc());
      default:
        return LocalAnswers.text(HttpResponseStatus.NOT_FOUND, "404 Not Found\n", ctx.alloc());
    }
  }
}
