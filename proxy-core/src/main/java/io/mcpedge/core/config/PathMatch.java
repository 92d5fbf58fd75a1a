package io.mcpedge.core.config;

/** Path part of a route match; {@code value} is matched against the path without the query. */
public record PathMatch(MatchType type, String value) {}
