package io.mcpedge.server.mcp;

/**
 * How the proxy treats an MCP request, by the revision of the protocol it speaks. The rules of the
 * stateless 2026-07-28 revision (header verification, limits and caching by method and name) apply
 * to {@link #STATELESS} requests only; a session of an older revision passes as it always did.
 */
public enum McpRevision {
  /** 2026-07-28 or later: stateless, standard headers on every request. */
  STATELESS,
  /**
   * A 2024-11-05 / 2025-xx revision: {@code initialize}, {@code Mcp-Session-Id}, the GET stream;
   * passed through unchanged.
   */
  SESSION,
  /** A version the proxy does not know: passed through unchanged. */
  UNKNOWN
}
