package io.mcpedge.core.config;

/** A request header that must be present with a matching value. */
public record HeaderMatch(String name, MatchType type, String value) {}
