package io.mcpedge.core.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks that span sections: unique names (metrics and logs identify things by name) and listen
 * addresses that can all be bound at once.
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
}
