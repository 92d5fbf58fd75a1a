package io.mcpedge.server.mcp.cache;

/**
 * What the edge read from one upstream JSON-RPC response to a cacheable request.
 *
 * @param result the text of the response's {@code result} object, as received (UTF-8)
 * @param ttlMs {@code result.ttlMs}, or {@code -1} when absent or not a non-negative integer
 * @param scope {@code result.cacheScope}, or {@code null} when absent
 * @param inputRequired {@code result.resultType} is {@code input_required}: an interim result of
 *     the multi round-trip mechanism, never cacheable
 */
record McpResult(byte[] result, long ttlMs, String scope, boolean inputRequired) {

  /** Whether the server declared the result the same for every caller. */
  boolean isPublic() {
    return "public".equals(scope);
  }
}
