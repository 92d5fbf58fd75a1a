package io.mcpedge.core.config;

/** Where a rate limit's buckets live. */
public enum RateLimitScope {
  /** In this process: every replica enforces the whole limit on its own share of the traffic. */
  LOCAL,
  /** In the shared Redis ({@code redis} section): the replicas together enforce one limit. */
  GLOBAL
}
