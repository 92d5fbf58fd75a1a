package io.mcpedge.core.config;

import io.mcpedge.core.http.Cidr;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the process-level sections of edge.yaml: {@code listeners}, {@code admin}, {@code server}.
 */
final class ServerSection {

  static final List<String> LISTENER_KEYS = List.of("name", "address", "tls");
  static final List<String> ADMIN_KEYS = List.of("address", "token", "idleTimeout");
  static final List<String> SERVER_KEYS =
      List.of(
          "ioThreads",
          "drainTimeout",
          "maxInitialLineLength",
          "maxHeaderSize",
          "maxRequestBodyBuffer",
          "clientHeaderTimeout",
          "escapedSlashes",
          "maxHeaderCount",
          "maxConnections",
          "maxConnectionsPerClient",
          "trustedProxies");

  static final HostPort DEFAULT_ADMIN = new HostPort("0.0.0.0", 9901);

  private ServerSection() {}

  static List<ListenerConfig> listeners(Node list) {
    List<ListenerConfig> out = new ArrayList<>();
    if (list == null) {
      return out;
    }
    List<Node> elements = list.elements("a list of listeners");
    if (list.isList() && elements.isEmpty()) {
      list.problemDetail("[] (expected: at least one listener)");
    }
    for (Node e : elements) {
      Fields f = Fields.of(e, "a listener mapping with keys " + LISTENER_KEYS, LISTENER_KEYS);
      if (!f.present()) {
        continue;
      }
      String name = f.requiredName("name");
      Node address = f.required("address", HostPort.EXPECTATION);
      out.add(
          new ListenerConfig(
              name,
              address == null ? null : hostPort(address),
              TlsSection.listener(f.child("tls"))));
    }
    return out;
  }

  static AdminConfig admin(Node node) {
    Fields f = Fields.of(node, "a mapping with keys " + ADMIN_KEYS, ADMIN_KEYS);
    HostPort address = DEFAULT_ADMIN;
    if (f.has("address")) {
      HostPort parsed = hostPort(f.child("address"));
      address = parsed == null ? DEFAULT_ADMIN : parsed;
    }
    // An empty token (as `${EDGE_ADMIN_TOKEN:-}` gives when unset) means "no token": the admin
    // listener then refuses every mutating call rather than accepting an empty bearer.
    String token = f.string("token", null);
    Duration idle =
        f.duration("idleTimeout", AdminConfig.DEFAULT_IDLE_TIMEOUT, Scalars.Bound.POSITIVE);
    return new AdminConfig(address, token == null || token.isEmpty() ? null : token, idle);
  }

  static ServerConfig server(Node node) {
    Fields f = Fields.of(node, "a mapping with keys " + SERVER_KEYS, SERVER_KEYS);
    return new ServerConfig(
        f.integer("ioThreads", 0, 0, 4096),
        f.duration("drainTimeout", Duration.ofSeconds(30), Scalars.Bound.NON_NEGATIVE),
        f.size("maxInitialLineLength", ByteSize.ofBytes(8192), 256, Integer.MAX_VALUE).intBytes(),
        f.size("maxHeaderSize", ByteSize.ofBytes(64 * 1024), 1024, Integer.MAX_VALUE),
        f.size("maxRequestBodyBuffer", ByteSize.ofBytes(64 * 1024), 0, Integer.MAX_VALUE),
        f.duration("clientHeaderTimeout", Duration.ofSeconds(60), Scalars.Bound.POSITIVE),
        f.choice("escapedSlashes", EscapedSlashes.REJECT, Spelling.ESCAPED_SLASHES),
        f.integer("maxHeaderCount", ServerConfig.DEFAULT_MAX_HEADER_COUNT, 1, 10_000),
        f.integer("maxConnections", 0, 0, Integer.MAX_VALUE),
        f.integer("maxConnectionsPerClient", 0, 0, Integer.MAX_VALUE),
        cidrs(f.child("trustedProxies")));
  }

  /** A list of CIDR blocks; an invalid element is reported and left out. */
  private static List<Cidr> cidrs(Node list) {
    List<Cidr> out = new ArrayList<>();
    if (list == null || !list.present()) {
      return out;
    }
    for (Node e : list.elements("a list of CIDR blocks such as [\"10.0.0.0/8\", \"fd00::/8\"]")) {
      String s = Scalars.string(e);
      if (s == null) {
        continue;
      }
      try {
        out.add(Cidr.parse(s));
      } catch (IllegalArgumentException ex) {
        e.problemDetail(ex.getMessage());
      }
    }
    return out;
  }

  /** A {@code host:port} scalar, or {@code null} after reporting. */
  static HostPort hostPort(Node n) {
    String s = Scalars.string(n);
    if (s == null) {
      return null;
    }
    try {
      return HostPort.parse(s);
    } catch (IllegalArgumentException e) {
      n.problemDetail(e.getMessage());
      return null;
    }
  }
}
