package io.mcpedge.server.channel;

/**
 * Names of the handlers in every pipeline the proxy builds, and their order. Handlers are added
 * only by the {@code *Initializer} classes; anything else finds them by these names.
 *
 * <p>Downstream connection, before the protocol is known ({@code DownstreamInitializer}):
 *
 * <pre>
 *   connection-metrics  ConnectionMetricsHandler: connections and wire bytes per protocol (only
 *                     with metrics on; first, so it counts raw bytes; swapped for the HTTP/2
 *                     instance when the connection turns into HTTP/2)
 *   bytes-seen        tells header-timeout that raw bytes arrived (a head has started)
 *   h2c-detect        CleartextHttp2DetectHandler: prior-knowledge preface or HTTP/1.1
 *     http-codec      ServerHttpCodec, request line / header limits     (added by h2c-detect)
 *     h2c-upgrade     HttpServerUpgradeHandler for Upgrade: h2c         (added by h2c-detect;
 *                     removed after the first request that does not ask to upgrade)
 *   header-timeout    ClientHeaderTimeoutHandler: 408 / close when a request head is slow
 *   request-limits    RequestLimitsHandler: 414 / 431 / 400 for heads the decoder rejected
 *   exchange          ExchangeHandler: one exchange at a time on an HTTP/1.1 connection
 * </pre>
 *
 * Downstream connection of a TLS listener, before ALPN has decided ({@code DownstreamInitializer}):
 *
 * <pre>
 *   tls               TlsSniHandler: picks the certificate by SNI, then replaces itself with the
 *                     SslHandler under the same name
 *   alpn              TlsProtocolHandler: after the handshake adds the HTTP/2 handlers below (for
 *                     h2) or bytes-seen, http-codec, header-timeout, request-limits, hsts,
 *                     exchange (for http/1.1), then removes itself
 * </pre>
 *
 * {@code hsts} (HstsHandler, only with {@code tls.hsts}) sits just before {@code exchange}, on an
 * HTTP/1.1 connection and on each HTTP/2 stream channel.
 *
 * <p>Downstream connection after the switch to HTTP/2 (the HTTP/1.1-only handlers are removed):
 * {@code flush-consolidation} (FlushConsolidationHandler, first, so that the flushes of many
 * streams in one event-loop turn become one write to the socket), {@code h2-header-timeout}
 * (H2HeaderBlockTimeoutHandler: closes a connection whose header block is slow), {@code h2-codec}
 * (Http2FrameCodec), {@code h2-multiplex} (Http2MultiplexHandler), {@code connection-drain}, {@code
 * client-errors} (ClientErrorHandler: closes on a protocol error and logs it, rate-limited). Each
 * HTTP/2 stream channel: {@code h2-stream-codec} (Http2StreamFrameToHttpObjectCodec), {@code
 * exchange}.
 *
 * <p>Upstream HTTP/1.1 connection: {@code http-codec} (UpstreamHttpCodec), {@code upstream}.
 * Upstream h2c connection: {@code h2-codec}, {@code h2-multiplex}, {@code h2-connection}; each
 * stream: {@code h2-stream-codec}, {@code upstream}. To an {@code https://} endpoint, {@code tls}
 * (SslHandler with SNI and ALPN) comes first.
 *
 * <p>WebSocket tunnel, after the upstream's {@code 101} ({@code TunnelInitializer}): the client
 * connection keeps only {@code tunnel} (the HTTP/1.1 handlers above are removed), an HTTP/2 stream
 * channel of an extended CONNECT keeps only {@code tunnel} (its {@code h2-stream-codec} and {@code
 * exchange} are removed), and the upstream connection keeps only {@code tunnel} ({@code http-codec}
 * and {@code upstream} are removed).
 *
 * <p>Admin connection ({@code AdminInitializer}): {@code idle} (closes a connection silent for
 * {@code admin.idleTimeout}), {@code bytes-seen}, {@code http-codec}, {@code header-timeout},
 * {@code request-limits} (as on a downstream connection), {@code aggregator}, {@code admin}.
 */
public final class PipelineNames {

  private PipelineNames() {}

  public static final String CONNECTION_METRICS = "connection-metrics";
  public static final String BYTES_SEEN = "bytes-seen";
  public static final String H2C_DETECT = "h2c-detect";
  public static final String HTTP_CODEC = "http-codec";
  public static final String H2C_UPGRADE = "h2c-upgrade";
  public static final String HEADER_TIMEOUT = "header-timeout";
  public static final String REQUEST_LIMITS = "request-limits";
  public static final String EXCHANGE = "exchange";
  public static final String FLUSH_CONSOLIDATION = "flush-consolidation";
  public static final String H2_HEADER_TIMEOUT = "h2-header-timeout";
  public static final String H2_CODEC = "h2-codec";
  public static final String H2_MULTIPLEX = "h2-multiplex";
  public static final String CONNECTION_DRAIN = "connection-drain";
  public static final String CLIENT_ERRORS = "client-errors";
  public static final String H2_STREAM_CODEC = "h2-stream-codec";
  public static final String UPSTREAM = "upstream";
  public static final String H2_CONNECTION = "h2-connection";
  public static final String AGGREGATOR = "aggregator";
  public static final String ADMIN = "admin";
  public static final String IDLE = "idle";
  public static final String TUNNEL = "tunnel";
  public static final String TLS = "tls";
  public static final String ALPN = "alpn";
  public static final String HSTS = "hsts";
}
