package io.mcpedge.server.mcp.cache;

import io.mcpedge.cache.CacheKey;
import io.mcpedge.server.mcp.McpCall;

/**
 * The store keys of MCP results. A result is identified by its method and the parameters that
 * change it, {@code cursor} and {@code uri} (MCP specification 2026-07-28,
 * server/utilities/caching, "Cache Key"), and here also by the route and the endpoint it was sent
 * to (host and path: {@code /servers/a/mcp} and {@code /servers/b/mcp} are two virtual servers of
 * one gateway, with two tool lists) and the {@link McpFormat} the request accepts. A {@code
 * private} result is kept under the caller's credential, a {@code public} one shared ({@code
 * cacheScope}, same page).
 *
 * <p>The key's URI is {@code mcp://<family>/<method>/<route>/<format>?...}, where the family is the
 * method's first segment ({@code tools}, {@code prompts}, {@code resources}, {@code server}): the
 * store's sorted index then finds every credential's entries of one family by prefix, which is how
 * a REST write drops them ({@link McpInvalidation}).
 */
final class McpResultKeys {

  static final String SCHEME = "mcp://";

  private McpResultKeys() {}

  /**
   * The key URI of {@code call} on {@code route}, sent to {@code endpoint} (host and path, no
   * query), for a request accepting {@code format}.
   */
  static String uri(String route, String endpoint, McpCall call, McpFormat format) {
    String method = call.method();
    StringBuilder b = new StringBuilder(64);
    b.append(SCHEME)
        .append(family(method))
        .append('/')
        .append(method)
        .append('/')
        .append(route)
        .append('/')
        .append(format.token());
    // Length-prefixed, so that no value can imitate another parameter.
    b.append("?at=").append(endpoint.length()).append(':').append(endpoint);
    char sep = '&';
    if (call.uri() != null) {
      b.append(sep).append("uri=").append(call.uri().length()).append(':').append(call.uri());
      sep = '&';
    }
    if (call.cursor() != null) {
      b.append(sep)
          .append("cursor=")
          .append(call.cursor().length())
          .append(':')
          .append(call.cursor());
    }
    return b.toString();
  }

  /** The origin part of the key URIs of a method family: {@code mcp://tools}. */
  static String origin(String family) {
    return SCHEME + family;
  }

  /** The first segment of a method: {@code tools} of {@code tools/list}. */
  static String family(String method) {
    int slash = method.indexOf('/');
    return slash < 0 ? method : method.substring(0, slash);
  }

  /** The key of a result kept for one credential ({@code null}: the anonymous scope). */
  static CacheKey privateKey(String uri, String credentialHash) {
    return new CacheKey(uri, credentialHash == null ? CacheKey.ANONYMOUS : credentialHash);
  }

  /** The key of a result shared by every caller. */
  static CacheKey sharedKey(String uri) {
    return CacheKey.shared(uri);
  }
}
