package io.mcpedge.core.config;

/** What a rate-limit bucket is kept per. */
public enum RateLimitKey {
  /** One bucket for the whole route. */
  ROUTE,
  /** One bucket per client IP address. */
  CLIENT_ADDRESS,
  /**
   * One bucket per credential: the hash of the credential header and the credential cookies, the
   * name per-credential cache entries are keyed on ({@link io.mcpedge.core.credential.Credential}).
   */
  CREDENTIAL,
  /** One bucket per value of a named header. */
  HEADER,
  /**
   * One bucket per MCP method ({@code tools/call}, {@code tools/list} …), on a route with an {@code
   * mcp} section: the verified JSON-RPC method, or {@code Mcp-Method} where the body is not read.
   */
  MCP_METHOD,
  /**
   * One bucket per MCP method and name: each tool ({@code tools/call search}), prompt or resource
   * has a bucket of its own; methods without a name share one per method.
   */
  MCP_NAME,
  /** One bucket per credential and MCP method and name: each client's own allowance per tool. */
  CREDENTIAL_MCP_NAME
}
