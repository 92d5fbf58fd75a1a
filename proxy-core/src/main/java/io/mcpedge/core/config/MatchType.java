package io.mcpedge.core.config;

/**
 * How a path or header value is compared, named as in Gateway API. {@code PathPrefix} matches whole
 * path segments: {@code /api} matches {@code /api} and {@code /api/x}, not {@code /apix}. Header
 * matches accept {@code Exact} and {@code RegularExpression} only.
 */
public enum MatchType {
  EXACT,
  PATH_PREFIX,
  REGULAR_EXPRESSION
}
