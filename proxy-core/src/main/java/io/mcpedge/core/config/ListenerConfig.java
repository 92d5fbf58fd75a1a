package io.mcpedge.core.config;

/**
 * One downstream listener. Every listener speaks HTTP/1.1 and cleartext HTTP/2 (prior knowledge and
 * {@code Upgrade: h2c}) on the same port, detected per connection. TLS is added here later.
 */
public record ListenerConfig(String name, HostPort address) {}
