package io.mcpedge.core.config;

/**
 * What the edge does with a request path that spells a slash in a way routing would not see as a
 * segment boundary: {@code %2F}, {@code %5C} (either case) or a raw backslash. Servers such as
 * Uvicorn decode {@code %2F} before they route, so {@code /_internal%2Fx} is {@code /_internal/x}
 * to them while a route table that keeps the escape sees one segment {@code _internal%2Fx}. The
 * choices are Envoy's {@code path_with_escaped_slashes_action}.
 */
public enum EscapedSlashes {
  /** Answer 400: the safe default in front of a server that decodes them. */
  REJECT,
  /**
   * Turn them into {@code /} before routing, so routes, the cache and the upstream see one path.
   */
  DECODE,
  /**
   * Route and forward them as they are (a raw backslash as {@code %5C}), for an upstream that
   * treats an encoded slash as data inside a segment.
   */
  KEEP
}
