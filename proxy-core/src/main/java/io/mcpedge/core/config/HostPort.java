package io.mcpedge.core.config;

/** A listen or connect address, written {@code host:port} ({@code [::1]:8080} for IPv6). */
public record HostPort(String host, int port) {

  public HostPort {
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("host: empty (expected: a host name or IP address)");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
    }
  }

  /** What a malformed address is told to look like; part of every such config error. */
  public static final String EXPECTATION = "host:port, e.g. 0.0.0.0:8080 or [::1]:8080";

  /**
   * Parses {@code host:port}; an IPv6 host is written in brackets. The port is required, since a
   * listener on an implied port is a surprise nobody wants.
   *
   * @throws IllegalArgumentException when {@code text} is not an address
   */
  public static HostPort parse(String text) {
    String host;
    String port;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
        throw malformed(text);
      }
      host = text.substring(1, close);
      port = text.substring(close + 2);
    } else {
      int colon = text.lastIndexOf(':');
      if (colon < 0 || text.indexOf(':') != colon) {
        throw malformed(text);
      }
      host = text.substring(0, colon);
      port = text.substring(colon + 1);
    }
    if (host.isEmpty() || !validHost(host)) {
      throw malformed(text);
    }
    return new HostPort(host, parsePort(port, text));
  }

  static boolean validHost(String host) {
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '-'
              || c == '_'
              || c == ':'
              || c == '%';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  static int parsePort(String port, String text) {
    if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)) {
      throw malformed(text);
    }
    int p = Integer.parseInt(port);
    if (p > 65535) {
      throw new IllegalArgumentException("\"" + text + "\" (expected: a port in 0..65535)");
    }
    return p;
  }

  private static IllegalArgumentException malformed(String text) {
    return new IllegalArgumentException("\"" + text + "\" (expected: " + EXPECTATION + ")");
  }

  @Override
  public String toString() {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }
}
