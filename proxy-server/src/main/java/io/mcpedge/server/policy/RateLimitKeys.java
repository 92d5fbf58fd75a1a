package io.mcpedge.server.policy;

import io.mcpedge.core.config.RateLimitConfig;
import io.mcpedge.core.credential.Credential;
import io.mcpedge.server.cache.NettyHeaderView;
import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.mcp.McpKeys;
import java.net.InetSocketAddress;
import java.util.function.Function;

/**
 * Extracts the key a rate-limit bucket is kept per from a request. Secrets (the credential, and the
 * configured header of {@code key: header}, often an API key) are never kept themselves: their
 * bucket is named by the credential's hash, as cache keys are, so the bucket map holds no secret
 * and its keys have a bounded size whatever the client sends. {@code key: credential} keys on
 * {@link Credential#hash}, the credential header and the credential cookies, so a browser that
 * authenticates with a cookie gets a bucket of its own, and a client has one bucket per credential
 * exactly where the cache has one entry per credential.
 */
final class RateLimitKeys {

  private RateLimitKeys() {}

  /**
   * @param credential the edge's credential ({@code cache.credentialHeader} and {@code
   *     cache.credentialCookies}), for {@code key: credential}; its hash names every bucket
   * @return the extractor; it returns {@code null} when the request has no value (one shared
   *     bucket)
   */
  static Function<Exchange, String> extractor(RateLimitConfig config, Credential credential) {
    return switch (config.key()) {
      case ROUTE -> ex -> null;
      case CLIENT_ADDRESS -> RateLimitKeys::clientAddress;
      case CREDENTIAL -> ex -> credential.hash(new NettyHeaderView(ex.request().headers()));
      case HEADER -> ex -> credential.hashHeaderValue(ex.request().headers().get(config.header()));
      case MCP_METHOD -> ex -> McpKeys.method(ex);
      case MCP_NAME -> ex -> McpKeys.methodAndName(ex, credential);
      case CREDENTIAL_MCP_NAME ->
          ex -> {
            String tool = McpKeys.methodAndName(ex, credential);
            String who = credential.hash(new NettyHeaderView(ex.request().headers()));
            return tool == null && who == null ? null : who + ' ' + tool;
          };
    };
  }

  private static String clientAddress(Exchange ex) {
    InetSocketAddress a = ex.clientAddress();
    return a == null ? null : a.getAddress().getHostAddress();
  }
}
