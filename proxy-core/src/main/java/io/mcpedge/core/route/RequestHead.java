package io.mcpedge.core.route;

/**
 * The parts of a request head that routing looks at, so that the route table can be used by the
 * data plane without depending on its HTTP types. Implementations are thin views over the codec's
 * own header objects; nothing is copied.
 */
public interface RequestHead {

  /** Upper-case method name, e.g. {@code GET}. */
  String method();

  /** The request path without the query string, as received (not decoded). */
  String path();

  /** Host without port, lower-case; empty when the request named none. */
  String host();

  /** First value of a header (case-insensitive name), or {@code null} when absent. */
  String header(String name);
}
