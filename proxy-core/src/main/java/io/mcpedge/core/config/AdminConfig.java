package io.mcpedge.core.config;

/**
 * The admin listener: {@code /health}, {@code /ready}, later {@code /metrics} and purge.
 *
 * @param token bearer token that purge and other mutating admin calls require; {@code null} when
 *     not configured, in which case those calls are refused
 */
public record AdminConfig(HostPort address, String token) {}
