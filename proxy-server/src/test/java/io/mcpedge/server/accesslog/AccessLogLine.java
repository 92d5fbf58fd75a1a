package io.mcpedge.server.accesslog;

import io.mcpedge.server.exchange.ExchangeRecord.CacheResult;

/**
 * The {@link LineFields} of one exchange as fixed values: lines for the format's and the writer's
 * tests, without an exchange. The component names are the interface's methods.
 *
 * @param epochMillis when the exchange ended, in milliseconds since the epoch (UTC)
 * @param route the matched route's name, or {@code null} when none matched
 * @param method the request method
 * @param target the request path and, redacted of credentials, its query
 * @param protocol {@code HTTP/1.1} or {@code HTTP/2}
 * @param status the status written to the client, 0 when none was
 * @param bytesIn request body bytes read from the client
 * @param bytesOut response body bytes written to the client
 * @param durationNanos from the request head to the end of the response
 * @param upstreamHeadNanos from the request head to the last attempt's response head, or -1
 * @param upstream the endpoint of the last attempt ({@code host:port}), or {@code null}
 * @param attempts upstream attempts sent, retries included
 * @param cache what the cache did
 * @param rejection the policy that answered instead of the upstream, or {@code null}
 * @param traceId the W3C trace id, or {@code null}
 * @param client the client's IP address, or {@code null}
 * @param connection the connection's id (with the stream's for HTTP/2), as other log lines show it
 * @param mcpMethod the verified MCP method of a 2026-07-28 request, or {@code null}
 * @param mcpName the tool, prompt, resource or task it names, or {@code null}
 */
record AccessLogLine(
    long epochMillis,
    String route,
    String method,
    String target,
    String protocol,
    int status,
    long bytesIn,
    long bytesOut,
    long durationNanos,
    long upstreamHeadNanos,
    String upstream,
    int attempts,
    CacheResult cache,
    String rejection,
    String traceId,
    CharSequence client,
    String connection,
    String mcpMethod,
    String mcpName)
    implements LineFields {

  /** A line of an exchange that is not a verified MCP request. */
  AccessLogLine(
      long epochMillis,
      String route,
      String method,
      String target,
      String protocol,
      int status,
      long bytesIn,
      long bytesOut,
      long durationNanos,
      long upstreamHeadNanos,
      String upstream,
      int attempts,
      CacheResult cache,
      String rejection,
      String traceId,
      CharSequence client,
      String connection) {
    this(
        epochMillis,
        route,
        method,
        target,
        protocol,
        status,
        bytesIn,
        bytesOut,
        durationNanos,
        upstreamHeadNanos,
        upstream,
        attempts,
        cache,
        rejection,
        traceId,
        client,
        connection,
        null,
        null);
  }
}
