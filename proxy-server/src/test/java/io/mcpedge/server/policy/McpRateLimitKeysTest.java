package io.mcpedge.server.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.mcpedge.core.config.RateLimitConfig;
import io.mcpedge.core.config.RateLimitKey;
import io.mcpedge.core.credential.Credential;
import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.mcp.McpCall;
import io.mcpedge.server.mcp.McpRevision;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bucket keys by MCP method and name: from the verified call when there is one, from the standard
 * headers of a 2026-07-28 request otherwise, never from an older revision's headers.
 */
@Timeout(10)
class McpRateLimitKeysTest {

  private static final Credential CREDENTIAL =
      new Credential("Authorization", List.of("jwt_token"));

  private final EmbeddedChannel ch = new EmbeddedChannel();

  @AfterEach
  void finish() {
    assertFalse(ch.finishAndReleaseAll());
  }

  private static Function<Exchange, String> key(RateLimitKey key) {
    return RateLimitKeys.extractor(new RateLimitConfig(1, 1, key, null), CREDENTIAL);
  }

  private Exchange verified(String name, String... headers) {
    Exchange ex = Exchanges.get(ch, headers);
    ex.set(
        McpCall.KEY,
        new McpCall(
            McpRevision.STATELESS, "2026-07-28", "tools/call", name, null, null, "1", false));
    return ex;
  }

  @Test
  void theVerifiedCallNamesTheBucket() {
    // the headers say otherwise: the verified call wins
    Exchange ex = verified("search", "Mcp-Method", "tools/list", "Mcp-Name", "cheap");
    assertThat(key(RateLimitKey.MCP_METHOD).apply(ex)).isEqualTo("tools/call");
    assertThat(key(RateLimitKey.MCP_NAME).apply(ex)).isEqualTo("tools/call search");
    String alice =
        key(RateLimitKey.CREDENTIAL_MCP_NAME).apply(verified("search", "Authorization", "a"));
    String bob =
        key(RateLimitKey.CREDENTIAL_MCP_NAME).apply(verified("search", "Authorization", "b"));
    assertThat(alice).endsWith(" tools/call search").isNotEqualTo(bob).doesNotContain("Bearer");
  }

  @Test
  void withoutAVerifiedCallOnlyStatelessHeadersCount() {
    Exchange modern =
        Exchanges.get(
            ch,
            "MCP-Protocol-Version",
            "2026-07-28",
            "Mcp-Method",
            "tools/call",
            "Mcp-Name",
            "=?base64?aMOpbGxv?=");
    assertThat(key(RateLimitKey.MCP_NAME).apply(modern)).isEqualTo("tools/call héllo");
    Exchange legacy =
        Exchanges.get(
            ch, "MCP-Protocol-Version", "2025-06-18", "Mcp-Method", "tools/list", "Mcp-Name", "x");
    assertThat(key(RateLimitKey.MCP_METHOD).apply(legacy)).isNull();
    assertThat(key(RateLimitKey.MCP_NAME).apply(legacy)).isNull();
  }

  @Test
  void longNamesAreHashedToABoundedKey() {
    String name = "t".repeat(1000);
    String k = key(RateLimitKey.MCP_NAME).apply(verified(name));
    assertThat(k).hasSize(22).isEqualTo(CREDENTIAL.hashHeaderValue("tools/call " + name));
  }
}
