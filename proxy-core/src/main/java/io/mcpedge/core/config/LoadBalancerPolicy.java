package io.mcpedge.core.config;

/** Endpoint selection policy of an upstream. */
public enum LoadBalancerPolicy {
  ROUND_ROBIN,
  LEAST_REQUEST,
  CONSISTENT_HASH
}
