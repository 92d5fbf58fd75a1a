package io.mcpedge.core.config;

/**
 * One entry of the route table; the first route whose match accepts a request handles it.
 *
 * @param cache never null; mode {@link CacheMode#OFF} when the route does not cache
 * @param rateLimit {@code null} when the route is not rate limited
 * @param retry {@code null} to use the upstream's retry settings
 * @param stream streaming behaviour (SSE keep-alives); never null
 * @param directResponse when set, the proxy answers itself and {@code upstream} is {@code null}
 * @param maxRequestBody largest request body the route accepts (413 beyond it), as nginx's {@code
 *     client_max_body_size}; {@code null} for no limit
 * @param httpsRedirectPort when set, requests that arrive without TLS get a 308 to {@code https://}
 *     on this port (443 leaves the port out of the URL); {@code null} for no redirect
 * @param mcp how the route treats MCP requests; {@code null} when it sees only HTTP
 */
public record RouteConfig(
    String name,
    RouteMatch match,
    String upstream,
    TimeoutsConfig timeouts,
    RouteCacheConfig cache,
    RateLimitConfig rateLimit,
    RetryConfig retry,
    StreamConfig stream,
    DirectResponseConfig directResponse,
    ByteSize maxRequestBody,
    Integer httpsRedirectPort,
    McpRouteConfig mcp) {

  /** A route that sees only HTTP. */
  public RouteConfig(
      String name,
      RouteMatch match,
      String upstream,
      TimeoutsConfig timeouts,
      RouteCacheConfig cache,
      RateLimitConfig rateLimit,
      RetryConfig retry,
      StreamConfig stream,
      DirectResponseConfig directResponse,
      ByteSize maxRequestBody,
      Integer httpsRedirectPort) {
    this(
        name,
        match,
        upstream,
        timeouts,
        cache,
        rateLimit,
        retry,
        stream,
        directResponse,
        maxRequestBody,
        httpsRedirectPort,
        null);
  }

  /** A route without a request body limit or an HTTPS redirect. */
  public RouteConfig(
      String name,
      RouteMatch match,
      String upstream,
      TimeoutsConfig timeouts,
      RouteCacheConfig cache,
      RateLimitConfig rateLimit,
      RetryConfig retry,
      StreamConfig stream,
      DirectResponseConfig directResponse) {
    this(
        name,
        match,
        upstream,
        timeouts,
        cache,
        rateLimit,
        retry,
        stream,
        directResponse,
        (ByteSize) null);
  }

  /** A route without an HTTPS redirect. */
  public RouteConfig(
      String name,
      RouteMatch match,
      String upstream,
      TimeoutsConfig timeouts,
      RouteCacheConfig cache,
      RateLimitConfig rateLimit,
      RetryConfig retry,
      StreamConfig stream,
      DirectResponseConfig directResponse,
      ByteSize maxRequestBody) {
    this(
        name,
        match,
        upstream,
        timeouts,
        cache,
        rateLimit,
        retry,
        stream,
        directResponse,
        maxRequestBody,
        null);
  }
}
