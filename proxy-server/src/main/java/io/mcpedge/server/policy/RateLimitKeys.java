package io.mcpedge.server.policy;

import io.mcpedge.core.config.RateLimitConfig;
import io.mcpedge.server.exchange.Exchange;
import io.netty.util.concurrent.FastThreadLocal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.Function;

/**
 * Extracts the key a rate-limit bucket is kept per from a request. Header values (credentials, and
 * the configured header of {@code key: header}, often an API key) are never kept themselves: their
 * bucket is named by a SHA-256 hash truncated to 128 bits, as cache keys are, so the bucket map
 * holds no secret and its keys have a bounded size whatever the client sends.
 */
final class RateLimitKeys {

  private static final FastThreadLocal<MessageDigest> SHA256 =
      new FastThreadLocal<>() {
        @Override
        protected MessageDigest initialValue() throws NoSuchAlgorithmException {
          return MessageDigest.getInstance("SHA-256");
        }
      };

  private RateLimitKeys() {}

  /**
   * @param credentialHeader the global {@code cache.credentialHeader}, for {@code key: credential}
   * @return the extractor; it returns {@code null} when the request has no value (one shared
   *     bucket)
   */
  static Function<Exchange, String> extractor(RateLimitConfig config, String credentialHeader) {
    return switch (config.key()) {
      case ROUTE -> ex -> null;
      case CLIENT_ADDRESS -> RateLimitKeys::clientAddress;
      case CREDENTIAL -> ex -> hash(ex.request().headers().get(credentialHeader));
      case HEADER -> ex -> hash(ex.request().headers().get(config.header()));
    };
  }

  private static String clientAddress(Exchange ex) {
    InetSocketAddress a = ex.clientAddress();
    return a == null ? null : a.getAddress().getHostAddress();
  }

  static String hash(String value) {
    if (value == null) {
      return null;
    }
    MessageDigest md = SHA256.get();
    byte[] digest = md.digest(value.getBytes(StandardCharsets.UTF_8));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
  }
}
