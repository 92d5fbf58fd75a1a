package io.mcpedge.server.accesslog;

import io.mcpedge.server.codec.UriRedaction;
import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.exchange.ExchangeRecord;
import io.mcpedge.server.exchange.ExchangeRecord.CacheResult;
import io.mcpedge.server.mcp.McpCall;

/**
 * The {@link LineFields} of an exchange that has just ended, read from the exchange and its {@link
 * ExchangeRecord} while the line is formatted. One is reused for every line of an event loop
 * ({@link #of}, format, {@link #clear}), so that the line costs no allocation; the redacted query
 * is copied only when the request has one. Not thread-safe.
 */
final class ExchangeLine implements LineFields {

  private Exchange ex;
  private ExchangeRecord record;
  private McpCall mcp;
  private int status;
  private long epochMillis;
  private long endNanos;

  /** Points this line at {@code ex}, which ended with {@code status} at {@code epochMillis}. */
  ExchangeLine of(Exchange ex, int status, long epochMillis) {
    this.ex = ex;
    this.record = ex.record();
    this.mcp = ex.get(McpCall.KEY);
    this.status = status;
    this.epochMillis = epochMillis;
    this.endNanos = ex.nanoTime();
    return this;
  }

  /** Lets go of the exchange, so that the reused line does not keep it alive. */
  void clear() {
    ex = null;
    record = null;
    mcp = null;
  }

  /** The path as routed, and the query with its credentials masked; no copy without a query. */
  static String target(Exchange ex) {
    String uri = ex.request().uri();
    String path = ex.head().path();
    int q = uri.indexOf('?');
    return q < 0 ? path : UriRedaction.redact(path + uri.substring(q));
  }

  @Override
  public long epochMillis() {
    return epochMillis;
  }

  @Override
  public String route() {
    return ex.routeName();
  }

  @Override
  public String method() {
    return ex.request().method().name();
  }

  @Override
  public String target() {
    return target(ex);
  }

  @Override
  public String protocol() {
    return ex.protocol() == Exchange.Protocol.HTTP_2 ? "HTTP/2" : "HTTP/1.1";
  }

  @Override
  public int status() {
    return status;
  }

  @Override
  public long bytesIn() {
    return record.bytesIn();
  }

  @Override
  public long bytesOut() {
    return record.bytesOut();
  }

  @Override
  public long durationNanos() {
    return endNanos - ex.startNanos();
  }

  @Override
  public long upstreamHeadNanos() {
    long head = record.upstreamHeadNanos();
    return head < 0 ? -1 : head - ex.startNanos();
  }

  @Override
  public String upstream() {
    return record.upstreamEndpoint();
  }

  @Override
  public int attempts() {
    return record.attempts();
  }

  @Override
  public CacheResult cache() {
    return record.cacheResult();
  }

  @Override
  public String rejection() {
    return record.rejection();
  }

  @Override
  public String traceId() {
    return record.traceId();
  }

  @Override
  public CharSequence client() {
    return ex.clientAddressText();
  }

  @Override
  public String connection() {
    return ex.connectionId();
  }

  @Override
  public String mcpMethod() {
    return mcp == null ? null : mcp.method();
  }

  @Override
  public String mcpName() {
    return mcp == null ? null : mcp.name() != null ? mcp.name() : mcp.uri();
  }
}
