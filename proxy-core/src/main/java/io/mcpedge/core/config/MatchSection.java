package io.mcpedge.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a route's {@code match}: path, methods, headers and hostnames, as Gateway API's
 * HTTPRouteMatch. Regular expressions are compiled here, so a bad one stops the load instead of
 * failing the first request that reaches it.
 */
final class MatchSection {

  static final List<String> MATCH_KEYS = List.of("path", "methods", "headers", "hostnames", "mcp");
  static final List<String> PATH_KEYS = List.of("type", "value");
  static final List<String> HEADER_KEYS = List.of("name", "type", "value");

  static final PathMatch DEFAULT_PATH = new PathMatch(MatchType.PATH_PREFIX, "/");

  private MatchSection() {}

  static RouteMatch match(Node node) {
    Fields f = Fields.of(node, "a mapping with keys " + MATCH_KEYS, MATCH_KEYS);
    return new RouteMatch(
        path(f.child("path")),
        RouteSection.methods(f.child("methods")),
        headers(f.child("headers")),
        hostnames(f.child("hostnames")),
        McpSection.match(f.child("mcp")));
  }

  static PathMatch path(Node node) {
    Fields f = Fields.of(node, "a mapping with keys " + PATH_KEYS, PATH_KEYS);
    if (!f.present()) {
      return DEFAULT_PATH;
    }
    MatchType type = f.choice("type", MatchType.PATH_PREFIX, Spelling.PATH_MATCH);
    String value = f.string("value", "/");
    Node v = f.child("value");
    if (type == MatchType.REGULAR_EXPRESSION) {
      compile(v, value);
    } else if (!value.startsWith("/") || value.indexOf('?') >= 0 || value.indexOf('#') >= 0) {
      v.problem("a path starting with / and without ? or #");
    } else if (type == MatchType.PATH_PREFIX && value.contains("//")) {
      v.problem("a path prefix without empty segments");
    }
    return new PathMatch(type, value);
  }

  private static List<HeaderMatch> headers(Node list) {
    List<HeaderMatch> out = new ArrayList<>();
    for (Node e : list.elements("a list of header matches")) {
      Fields f = Fields.of(e, "a header match mapping with keys " + HEADER_KEYS, HEADER_KEYS);
      if (!f.present()) {
        continue;
      }
      Node nameNode = f.required("name", "a header name");
      String name = nameNode == null ? null : Scalars.headerName(nameNode);
      MatchType type = f.choice("type", MatchType.EXACT, Spelling.HEADER_MATCH);
      String value = f.requiredString("value");
      if (type == MatchType.REGULAR_EXPRESSION && value != null) {
        compile(f.child("value"), value);
      }
      if (name != null && value != null) {
        out.add(new HeaderMatch(name, type, value));
      }
    }
    return out;
  }

  private static List<String> hostnames(Node list) {
    List<String> out = new ArrayList<>();
    for (Node e : list.elements("a list of host names")) {
      String h = Scalars.string(e);
      if (h == null) {
        continue;
      }
      String bare = h.startsWith("*.") ? h.substring(2) : h;
      if (!bare.matches(
          "[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*")) {
        e.problem("a host name without port, optionally starting with *. as in *.example.com");
        continue;
      }
      out.add(h.toLowerCase(Locale.ROOT));
    }
    return out;
  }

  private static void compile(Node n, String regex) {
    try {
      Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      n.problem(
          "a valid Java regular expression ("
              + e.getDescription()
              + " near index "
              + e.getIndex()
              + ")");
    }
  }
}
