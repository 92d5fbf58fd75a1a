package io.mcpedge.server.mcp.cache;

/**
 * The response formats a request accepts, part of every MCP cache key: a stateless MCP server
 * answers a {@code POST} with {@code application/json} or with a {@code text/event-stream} that
 * carries the response (MCP specification 2026-07-28, basic/transports, "Sending Messages to the
 * Server"), and a request that accepts one only must never be served the other. A request that
 * accepts both is served in the format its server chose.
 */
enum McpFormat {
  JSON("json"),
  SSE("sse"),
  EITHER("any");

  private final String token;

  McpFormat(String token) {
    this.token = token;
  }

  /** The token this format writes into cache keys. */
  String token() {
    return token;
  }

  /** The formats an {@code Accept} field allows; a request without one takes JSON. */
  static McpFormat of(String accept) {
    if (accept == null) {
      return JSON;
    }
    boolean sse = contains(accept, "text/event-stream");
    boolean json =
        contains(accept, "application/json")
            || contains(accept, "*/*")
            || contains(accept, "application/*");
    if (sse && json) {
      return EITHER;
    }
    return sse ? SSE : JSON;
  }

  private static boolean contains(String accept, String type) {
    int n = accept.length();
    int m = type.length();
    for (int i = 0; i + m <= n; i++) {
      if (accept.regionMatches(true, i, type, 0, m)) {
        return true;
      }
    }
    return false;
  }
}
