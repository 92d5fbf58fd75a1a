package io.mcpedge.core.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a route's {@code cache.invalidates}: the path matches, in the form of a route's {@code
 * match.path}, whose stored entries a successful unsafe request on the route drops. RFC 9111 §4.4
 * invalidates only the written URI, but the gateway's lists live at other URIs than their items:
 * {@code DELETE /servers/1} changes {@code GET /servers}.
 */
final class InvalidatesSection {

  private InvalidatesSection() {}

  static List<PathMatch> invalidates(Node list) {
    List<PathMatch> out = new ArrayList<>();
    for (Node e : list.elements("a list of path matches ({type, value})")) {
      // A missing value would default to "/" and drop the whole host on every write: require it.
      if (e.isText()) {
        e.problem("a path match such as {type: PathPrefix, value: /servers}");
        continue;
      }
      if (e.present() && !e.child("value").present()) {
        e.child("value").missing("a path, or a regular expression for type RegularExpression");
        continue;
      }
      // Problems are reported through the node and fail the load; the value is kept meanwhile.
      out.add(MatchSection.path(e));
    }
    return out;
  }
}
