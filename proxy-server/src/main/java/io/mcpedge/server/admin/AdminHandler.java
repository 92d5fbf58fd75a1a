package io.mcpedge.server.admin;

import io.mcpedge.server.answer.AdminToken;
import io.mcpedge.server.answer.LocalAnswers;
import io.mcpedge.server.channel.ServerState;
import io.mcpedge.server.pipeline.RequestLimitsHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * Answers the admin endpoints. Open to anybody who reaches the port: {@code GET /health} (the
 * process is alive), {@code GET /ready} (config loaded and listeners bound; 503 while draining, so
 * that load balancers stop sending) and the metrics ({@code /metrics}, {@code /stats/prometheus}, a
 * {@link MetricsEndpoint}), since kubelet probes and Prometheus carry no token. Every other path
 * needs the {@link AdminToken} first (401/403 otherwise, unknown paths included, so that nothing is
 * learnt without it): the cache's endpoints ({@link CacheAdminEndpoint}), {@code /upstreams}
 * ({@link UpstreamsEndpoint}), {@code /config} ({@link ConfigEndpoint}), {@code /tls} ({@link
 * TlsStatusEndpoint}), {@code /reload} ({@link ReloadEndpoint}, which checks the token itself since
 * it answers later). Last handler of the admin pipeline; it also answers the heads the decoder
 * refused ({@link RequestLimitsHandler}).
 */
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  private final ServerState state;
  private final AdminToken token;
  private final AdminPages pages;

  AdminHandler(ServerState state, AdminToken token, AdminPages pages) {
    this.state = state;
    this.token = token;
    this.pages = pages;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (msg instanceof RequestLimitsHandler.Rejection r) {
      r.answer(ctx); // 414, 431 or 400, and close
      return;
    }
    super.channelRead(ctx, msg);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
    boolean keepAlive = HttpUtil.isKeepAlive(req);
    ReloadEndpoint reload = pages.reload();
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

  /** The paths that need no token: the probes and the scrape. */
  static boolean isOpen(String path) {
    return path.equals("/health") || path.equals("/ready") || MetricsEndpoint.serves(path);
  }

  private FullHttpResponse answer(ChannelHandlerContext ctx, FullHttpRequest req) {
    String path = req.uri();
    int q = path.indexOf('?');
    if (q >= 0) {
      path = path.substring(0, q);
    }
    boolean get = HttpMethod.GET.equals(req.method()) || HttpMethod.HEAD.equals(req.method());
    if (isOpen(path)) {
      return get ? open(ctx, req, path) : notAllowed(ctx);
    }
    HttpResponseStatus refusal = token.refusal(req.headers().get(HttpHeaderNames.AUTHORIZATION));
    if (refusal != null) {
      return token.refuse(refusal, ctx.alloc());
    }
    if (pages.cache() != null && path.startsWith(CacheAdminEndpoint.PREFIX)) {
      return pages.cache().answer(req, ctx.alloc());
    }
    if (path.equals("/upstreams") && pages.upstreams() != null) {
      return get ? pages.upstreams().answer(ctx.alloc()) : notAllowed(ctx);
    }
    if (path.equals("/config") && pages.config() != null) {
      return get ? pages.config().answer(ctx.alloc()) : notAllowed(ctx);
    }
    if (pages.tls() != null && TlsStatusEndpoint.PATH.equals(path)) {
      return pages.tls().answer(req, ctx.alloc());
    }
    return LocalAnswers.text(HttpResponseStatus.NOT_FOUND, "404 Not Found\n", ctx.alloc());
  }

  private FullHttpResponse open(ChannelHandlerContext ctx, FullHttpRequest req, String path) {
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
        if (pages.metrics() != null) {
          return pages.metrics().answer(req, ctx.alloc());
        }
        return LocalAnswers.text(HttpResponseStatus.NOT_FOUND, "404 Not Found\n", ctx.alloc());
    }
  }

  private static FullHttpResponse notAllowed(ChannelHandlerContext ctx) {
    return LocalAnswers.text(
        HttpResponseStatus.METHOD_NOT_ALLOWED, "405 Method Not Allowed\n", ctx.alloc());
  }
}
