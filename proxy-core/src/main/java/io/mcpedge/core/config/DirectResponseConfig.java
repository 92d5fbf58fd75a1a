package io.mcpedge.core.config;

/**
 * An answer the proxy gives itself without contacting any upstream, as Envoy's direct_response:
 * used to deny paths at the edge (the gateway's {@code /_internal/*}).
 */
public record DirectResponseConfig(int status, String body) {}
