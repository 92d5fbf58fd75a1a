package io.mcpedge.server.mcp;

import io.mcpedge.core.mcp.McpVersions;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Set;

/**
 * Decides, from the request head alone, which revision of MCP a request speaks, so that the rules
 * of the stateless revision are applied to its requests only (specification 2026-07-28,
 * basic/versioning: revisions are dates and compare as strings).
 *
 * <ul>
 *   <li>{@code MCP-Protocol-Version} of 2026-07-28 or later: {@link McpRevision#STATELESS},
 *       whatever else the request carries;
 *   <li>a known older revision, or an {@code Mcp-Session-Id}: {@link McpRevision#SESSION};
 *   <li>neither header nor {@code Mcp-Method}: {@link McpRevision#SESSION}, since that is what an
 *       {@code initialize} (and any request of 2025-03-26, which has no version header) looks like;
 *       a 2026-07-28 client sends the headers on every request;
 *   <li>anything else (an unknown older date, a version that is not a date, {@code Mcp-Method}
 *       without a version): {@link McpRevision#UNKNOWN}, passed through for the server to judge.
 * </ul>
 */
public final class RevisionClassifier {

  private static final Set<String> SESSION_REVISIONS =
      Set.of("2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25");

  private RevisionClassifier() {}

  public static McpRevision classify(HttpHeaders headers) {
    String version = headers.get(McpHeaders.PROTOCOL_VERSION);
    if (version == null) {
      return headers.contains(McpHeaders.SESSION_ID) || !headers.contains(McpHeaders.METHOD)
          ? McpRevision.SESSION
          : McpRevision.UNKNOWN;
    }
    if (McpVersions.isStateless(version)) {
      // Even beside an Mcp-Session-Id: the version decides, or the header would be a way around
      // every per-tool rule.
      return McpRevision.STATELESS;
    }
    if (SESSION_REVISIONS.contains(version.strip()) || headers.contains(McpHeaders.SESSION_ID)) {
      return McpRevision.SESSION;
    }
    return McpRevision.UNKNOWN;
  }
}
