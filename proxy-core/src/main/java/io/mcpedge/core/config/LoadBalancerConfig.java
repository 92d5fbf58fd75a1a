package io.mcpedge.core.config;

/**
 * How requests are spread over an upstream's endpoints.
 *
 * @param hashOn for {@link LoadBalancerPolicy#CONSISTENT_HASH}: the request header hashed (default
 *     {@code Authorization}); when it is the credential header, a request without it is hashed on
 *     its first credential cookie; the client address is used when there is neither
 */
public record LoadBalancerConfig(LoadBalancerPolicy policy, String hashOn) {}
