package io.mcpedge.core.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks that span sections: unique names (metrics and logs identify things by name), listen
 * addresses that can all be bound at once, and per-try timeouts that can fire before the route's
 * request timeout.
 */
final class CrossChecks {

  private CrossChecks() {}

  /** Reports the second and later uses of a name; {@code null} names were reported already. */
  static void uniqueNames(Problems problems, String list, List<String> names) {
    Map<String, Integer> first = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      String n = names.get(i);
      if (n == null) {
        continue;
      }
      Integer prev = first.putIfAbsent(n, i);
      if (prev != null) {
        problems.add(
            list + "[" + i + "].name",
            Node.quote(n),
            "a unique name; " + list + "[" + prev + "] has it already");
      }
    }
  }

  /**
   * Reports listen addresses that clash with an earlier one: the same port on the same host, or on
   * any host when either side is a wildcard address. Port 0 (pick a free port) never clashes.
   */
  static void distinctAddresses(
      Problems problems, List<ListenerConfig> listeners, AdminConfig admin) {
    List<HostPort> seen = new ArrayList<>();
    List<String> where = new ArrayList<>();
    for (int i = 0; i < listeners.size(); i++) {
      HostPort a = listeners.get(i).address();
      String path = "listeners[" + i + "].address";
      check(problems, path, a, seen, where);
      seen.add(a);
      where.add(path);
    }
    check(problems, "admin.address", admin.address(), seen, where);
  }

  private static void check(
      Problems problems, String path, HostPort a, List<HostPort> seen, List<String> where) {
    if (a == null || a.port() == 0) {
      return;
    }
    for (int j = 0; j < seen.size(); j++) {
      HostPort b = seen.get(j);
      if (b != null && clash(a, b)) {
        problems.add(
            path, Node.quote(a.toString()), "an address not already used by " + where.get(j));
        return;
      }
    }
  }

  private static boolean clash(HostPort a, HostPort b) {
    return a.port() == b.port()
        && (a.host().equalsIgnoreCase(b.host()) || wildcard(a.host()) || wildcard(b.host()));
  }

  private static boolean wildcard(String host) {
    return host.equals("0.0.0.0") || host.equals("::");
  }

  /**
   * Reports a {@code perTryTimeout} that is not shorter than the request timeout of a route it
   * applies to: the whole exchange would time out first, so the per-try timeout could never cause a
   * retry (most likely a slip of units). A route's own {@code retry} is reported at its {@code
   * perTryTimeout}; an upstream's, at the {@code timeouts.request} of each route that inherits it.
   */
  static void perTryTimeouts(
      Problems problems, List<UpstreamConfig> upstreams, List<RouteConfig> routes) {
    for (int i = 0; i < routes.size(); i++) {
      RouteConfig r = routes.get(i);
      if (r.upstream() == null || r.timeouts() == null) {
        continue;
      }
      Duration request = r.timeouts().request();
      if (r.retry() != null) {
        Duration perTry = r.retry().perTryTimeout();
        if (applies(r.retry(), request)) {
          problems.add(
              "routes[" + i + "].retry.perTryTimeout",
              format(perTry),
              "less than the route's timeouts.request, " + format(request));
        }
        continue;
      }
      for (int j = 0; j < upstreams.size(); j++) {
        UpstreamConfig u = upstreams.get(j);
        if (r.upstream().equals(u.name()) && applies(u.retry(), request)) {
          problems.add(
              "routes[" + i + "].timeouts.request",
              format(request),
              "more than perTryTimeout "
                  + format(u.retry().perTryTimeout())
                  + " of upstreams["
                  + j
                  + "].retry, which this route uses, or a retry of the route's own");
          break;
        }
      }
    }
  }

  private static boolean applies(RetryConfig retry, Duration request) {
    return retry != null
        && retry.numRetries() > 0
        && retry.perTryTimeout() != null
        && retry.perTryTimeout().compareTo(request) >= 0;
  }

  /** A duration as edge.yaml spells it: whole seconds as {@code 30s}, else milliseconds. */
  private static String format(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }

  /**
   * Reports every {@code scope: global} limit of a config without a {@code redis} section: its
   * buckets would have nowhere to live. Walks the YAML, so that the path names the limit as written
   * (one mapping, or an element of the list form).
   */
  static void globalLimitsNeedRedis(Node routes, boolean redis) {
    if (redis || !routes.isList()) {
      return;
    }
    for (Node route : routes.elements("a list of routes")) {
      Node limits = route.child("rateLimit");
      List<Node> each = limits.isList() ? limits.elements("a list") : List.of(limits);
      for (Node limit : each) {
        Node scope = limit.child("scope");
        if (scope.isText()
            && !scope.substituted()
            && Spelling.RATE_LIMIT_SCOPE.valueOf(scope.text()) == RateLimitScope.GLOBAL) {
          scope.problem("local, or a top-level redis section for global limits to live in");
        }
      }
    }
  }
}
