package io.mcpedge.server.admin;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Locale;

/**
 * The Prometheus exposition of the admin listener: {@code GET /metrics}, and {@code GET
 * /stats/prometheus} where Envoy users' scrape configs look. Prometheus text format 0.0.4, or
 * OpenMetrics 1.0 when the request's {@code Accept} names {@code application/openmetrics-text}.
 *
 * <p>The scrape runs on the admin listener's event loop, which carries no client traffic: it reads
 * the registry's in-memory meters and formats them (a few tens of kilobytes, well under a
 * millisecond), so it is not handed to another thread.
 */
public final class MetricsEndpoint {

  static final String TEXT_004 = "text/plain; version=0.0.4; charset=utf-8";
  static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

  private final PrometheusMeterRegistry registry;

  public MetricsEndpoint(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  static boolean serves(String path) {
    return path.equals("/metrics") || path.equals("/stats/prometheus");
  }

  FullHttpResponse answer(FullHttpRequest req, ByteBufAllocator alloc) {
    String accept = req.headers().get(HttpHeaderNames.ACCEPT);
    boolean openMetrics =
        accept != null && accept.toLowerCase(Locale.ROOT).contains("application/openmetrics-text");
    String contentType = openMetrics ? OPENMETRICS : TEXT_004;
    FullHttpResponse res =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.OK,
            ByteBufUtil.writeUtf8(alloc, registry.scrape(contentType)));
    res.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, contentType)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes())
        .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
    return res;
  }
}
