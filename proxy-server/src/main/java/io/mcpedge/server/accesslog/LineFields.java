package io.mcpedge.server.accesslog;

import io.mcpedge.server.exchange.ExchangeRecord.CacheResult;

/**
 * What the access log says about one exchange, as {@link AccessLogFormat} reads it. The event loop
 * reads it straight from the exchange ({@link ExchangeLine}, one reused per loop), so that a line
 * costs no allocation; tests give fixed values. Never a header: the request's credentials cannot
 * reach the log through it.
 */
interface LineFields {

  /** When the exchange ended, in milliseconds since the epoch (UTC). */
  long epochMillis();

  /** The matched route's name, or {@code null} when none matched. */
  String route();

  /** The request method. */
  String method();

  /** The request path and, redacted of credentials, its query. */
  String target();

  /** {@code HTTP/1.1} or {@code HTTP/2}. */
  String protocol();

  /** The status written to the client, 0 when none was. */
  int status();

  /** Request body bytes read from the client. */
  long bytesIn();

  /** Response body bytes written to the client. */
  long bytesOut();

  /** From the request head to the end of the response. */
  long durationNanos();

  /** From the request head to the last attempt's response head, or -1. */
  long upstreamHeadNanos();

  /** The endpoint of the last attempt ({@code host:port}), or {@code null}. */
  String upstream();

  /** Upstream attempts sent, retries included. */
  int attempts();

  /** What the cache did. */
  CacheResult cache();

  /** The policy that answered instead of the upstream, or {@code null}. */
  String rejection();

  /** The W3C trace id, or {@code null}. */
  String traceId();

  /** The client's IP address, or {@code null}. */
  CharSequence client();

  /** The connection's id (with the stream's for HTTP/2), as other log lines show it. */
  String connection();

  /** The verified MCP method of a 2026-07-28 request, or {@code null}. */
  String mcpMethod();

  /** The tool, prompt, resource or task it names, or {@code null}. */
  String mcpName();
}
