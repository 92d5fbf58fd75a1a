package io.mcpedge.server.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * MCP 2026-07-28, basic/versioning: revisions are dates; the stateless rules apply from 2026-07-28
 * on. Columns: MCP-Protocol-Version, Mcp-Session-Id, Mcp-Method ({@code -} absent).
 */
@Timeout(10)
class RevisionClassifierTest {

  @ParameterizedTest(name = "{0} {1} {2} -> {3}")
  @CsvSource(
      nullValues = "-",
      value = {
        "2026-07-28, -, tools/list, STATELESS",
        "2027-01-01, -, tools/list, STATELESS",
        // a session id does not take a 2026-07-28 request out of its rules
        "2026-07-28, abc, tools/call, STATELESS",
        "2025-06-18, -, -, SESSION",
        "2025-06-18, abc, -, SESSION",
        "2024-11-05, -, -, SESSION",
        "2025-03-26, -, -, SESSION",
        "2025-11-25, -, -, SESSION",
        // an initialize, and a 2025-03-26 request: neither header
        "-, -, -, SESSION",
        "-, abc, -, SESSION",
        "2025-01-01, -, -, UNKNOWN",
        "2025-01-01, abc, -, SESSION",
        "draft, -, -, UNKNOWN",
        "-, -, tools/list, UNKNOWN",
      })
  void classifies(String version, String session, String method, McpRevision expected) {
    HttpHeaders h = new DefaultHttpHeaders();
    if (version != null) {
      h.add(McpHeaders.PROTOCOL_VERSION, version);
    }
    if (session != null) {
      h.add(McpHeaders.SESSION_ID, session);
    }
    if (method != null) {
      h.add(McpHeaders.METHOD, method);
    }
    assertThat(RevisionClassifier.classify(h)).isEqualTo(expected);
  }
}
