package io.mcpedge.server.policy;

/**
 * Why a traffic policy refused a request (or a retry), for the rejection counters, the metrics and
 * the exchange's record.
 */
public enum RejectionReason {
  /** The route's rate limit answered 429. */
  RATE_LIMITED("rate_limited", "rate_limited"),
  /** An open failure-rate breaker answered 503. */
  BREAKER_OPEN("breaker_open", "breaker_open"),
  /** The upstream's {@code maxConnections} threshold answered 503. */
  OVERLOADED_CONNECTIONS("overloaded_connections", "overloaded"),
  /** The upstream's {@code maxPendingRequests} threshold answered 503. */
  OVERLOADED_PENDING("overloaded_pending", "overloaded"),
  /** The upstream's {@code maxRequests} threshold answered 503. */
  OVERLOADED_REQUESTS("overloaded_requests", "overloaded"),
  /**
   * An MCP request whose standard headers disagree with its body, or miss (400, JSON-RPC {@code
   * -32020}).
   */
  MCP_HEADER_MISMATCH("mcp_header_mismatch", "mcp_header_mismatch"),
  /** An MCP request body that is not one JSON-RPC request, or too large to read. */
  MCP_INVALID("mcp_invalid", "mcp_invalid"),
  /** A retry the policy allowed was not sent because the retry budget was spent. */
  RETRY_BUDGET("retry_budget", "retry_budget");

  private final String label;
  private final String recordName;

  RejectionReason(String label, String recordName) {
    this.label = label;
    this.recordName = recordName;
  }

  /** The value of the {@code reason} label of the rejection metrics. */
  public String label() {
    return label;
  }

  /**
   * The name in {@link io.mcpedge.server.exchange.ExchangeRecord#rejection()}: the three overload
   * thresholds are one {@code overloaded} there.
   */
  public String recordName() {
    return recordName;
  }
}
