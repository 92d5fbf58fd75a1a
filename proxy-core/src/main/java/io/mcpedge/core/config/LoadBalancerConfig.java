package io.mcpedge.core.config;

/**
 * How requests are spread over an upstream's endpoints.
 *
 * @param hashOn for {@link LoadBalancerPolicy#CONSISTENT_HASH}: the request header hashed (default
 *     {@code Authorization}); the client address is used when it is absent
 */
public record LoadBalancerConfig(LoadBalancerPolicy policy, String hashOn) {}
