package io.mcpedge.core.config;

import io.mcpedge.core.config.RedisConfig.RedisPassword;
import io.mcpedge.core.config.RedisConfig.SentinelConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads the top-level {@code redis} section; absent means no shared Redis ({@code null}). */
final class RedisSection {

  static final List<String> KEYS =
      List.of(
          "address",
          "sentinel",
          "database",
          "username",
          "password",
          "connectTimeout",
          "commandTimeout",
          "keyPrefix",
          "tls");
  static final List<String> TLS_KEYS = List.of("caFile");
  static final List<String> SENTINEL_KEYS = List.of("masterName", "nodes", "password");
  static final List<String> PASSWORD_KEYS = List.of("env", "file");

  private static final String ADDRESS =
      "redis://host:port or rediss://host:port, without user, password, path or query";

  private RedisSection() {}

  static RedisConfig read(Node node) {
    if (!node.present()) {
      return null;
    }
    Fields f = Fields.of(node, "a mapping with keys " + KEYS, KEYS);
    if (!f.present()) {
      return null;
    }
    URI address = f.has("address") ? address(f.child("address")) : null;
    SentinelConfig sentinel = sentinel(f.child("sentinel"));
    if (f.has("address") == f.has("sentinel")) {
      node.problemDetail(
          (f.has("address") ? "both address and sentinel" : "neither address nor sentinel")
              + " (expected: exactly one of them)");
    }
    int database = f.integer("database", 0, 0, Integer.MAX_VALUE);
    String username = f.string("username", null);
    RedisPassword password = password(f.child("password"));
    Duration connect =
        f.duration("connectTimeout", RedisConfig.DEFAULT_CONNECT_TIMEOUT, Scalars.Bound.POSITIVE);
    Duration command =
        f.duration("commandTimeout", RedisConfig.DEFAULT_COMMAND_TIMEOUT, Scalars.Bound.POSITIVE);
    String prefix = f.string("keyPrefix", RedisConfig.DEFAULT_KEY_PREFIX);
    if (prefix != null && prefix.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
      f.child("keyPrefix").problem("no spaces or control characters");
    }
    String caFile = caFile(f.child("tls"), address);
    if (address == null && sentinel == null) {
      return null;
    }
    return new RedisConfig(
        address, sentinel, database, username, password, connect, command, prefix, caFile);
  }

  /**
   * {@code tls: { caFile: /path }}: the CA a {@code rediss://} server is verified against; only
   * with a {@code rediss://} address (Sentinel connections are plain TCP).
   */
  private static String caFile(Node node, URI address) {
    if (!node.present()) {
      return null;
    }
    Fields f = Fields.of(node, "a mapping with keys " + TLS_KEYS, TLS_KEYS);
    if (!f.present()) {
      return null;
    }
    if (address == null || !"rediss".equals(address.getScheme())) {
      node.problemDetail("set without a rediss:// address (expected: tls only with rediss://)");
      return null;
    }
    String file = f.string("caFile", null);
    if (file != null && !Files.isReadable(Path.of(file))) {
      f.child("caFile").problem("a readable PEM file of CA certificates");
      return null;
    }
    return file;
  }

  private static URI address(Node n) {
    String raw = Scalars.string(n);
    if (raw == null) {
      return null;
    }
    try {
      URI uri = new URI(raw);
      String scheme = uri.getScheme();
      String path = uri.getRawPath();
      if (uri.getRawUserInfo() != null) {
        n.problemDetail(
            "a user or password in the address (expected: username, and password.env or"
                + " password.file)");
        return null;
      }
      boolean ok =
          ("redis".equals(scheme) || "rediss".equals(scheme))
              && uri.getHost() != null
              && (path == null || path.isEmpty() || path.equals("/"))
              && uri.getRawQuery() == null
              && uri.getRawFragment() == null;
      if (ok) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    n.problem(ADDRESS);
    return null;
  }

  private static SentinelConfig sentinel(Node node) {
    if (!node.present()) {
      return null;
    }
    Fields f = Fields.of(node, "a mapping with keys " + SENTINEL_KEYS, SENTINEL_KEYS);
    if (!f.present()) {
      return null;
    }
    String master = f.requiredString("masterName");
    List<HostPort> nodes = new ArrayList<>();
    Node list = f.required("nodes", "a list of sentinel addresses host:port");
    if (list != null) {
      for (Node e : list.elements("a list of sentinel addresses host:port")) {
        String s = Scalars.string(e);
        if (s == null) {
          continue;
        }
        try {
          nodes.add(HostPort.parse(s));
        } catch (IllegalArgumentException ex) {
          e.problem(HostPort.EXPECTATION);
        }
      }
      if (nodes.isEmpty() && list.isList() && list.elements("").isEmpty()) {
        list.problem("at least one sentinel address host:port");
      }
    }
    RedisPassword password = password(f.child("password"));
    return master == null || nodes.isEmpty() ? null : new SentinelConfig(master, nodes, password);
  }

  /**
   * {@code password: {env: NAME}} or {@code {file: /path}}. A plain string is refused on purpose:
   * an inline password ends up in the chart's ConfigMap.
   */
  private static RedisPassword password(Node node) {
    if (!node.present()) {
      return null;
    }
    if (node.isText()) {
      node.problemDetail(
          "an inline password (expected: {env: VARIABLE} or {file: /path/to/secret}, never the"
              + " password itself)");
      return null;
    }
    Fields f = Fields.of(node, "a mapping with one of the keys " + PASSWORD_KEYS, PASSWORD_KEYS);
    if (!f.present()) {
      return null;
    }
    if (f.has("env") == f.has("file")) {
      node.problem("exactly one of " + PASSWORD_KEYS);
      return null;
    }
    if (f.has("env")) {
      String name = f.string("env", null);
      if (name == null) {
        return null;
      }
      String value = node.problems().env().get(name);
      if (value == null || value.isEmpty()) {
        f.child("env")
            .problemDetail(
                Node.quote(name) + " is not set (expected: a variable holding the password)");
        return null;
      }
      return new RedisPassword(name, null, value);
    }
    String file = f.string("file", null);
    if (file == null) {
      return null;
    }
    if (!Files.isReadable(Path.of(file))) {
      f.child("file").problem("a readable file holding the password");
      return null;
    }
    return new RedisPassword(null, file, null);
  }
}
