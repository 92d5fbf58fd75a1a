package io.mcpedge.core.config;

/**
 * One configured endpoint, {@code http://host:port} or {@code https://host:port}; {@code host} may
 * be a DNS name.
 */
public record EndpointAddress(String scheme, String host, int port) {

  /** What a malformed endpoint is told to look like; part of every such config error. */
  public static final String EXPECTATION =
      "http(s)://host or http(s)://host:port, e.g. http://127.0.0.1:4444";

  /**
   * Parses {@code http://host[:port]} (port 80 by default) or {@code https://host[:port]} (port
   * 443, spoken over TLS). A path is refused, since the proxy forwards the request's own path
   * unchanged.
   *
   * @throws IllegalArgumentException when {@code text} is not an endpoint
   */
  public static EndpointAddress parse(String text) {
    int sep = text.indexOf("://");
    if (sep < 0) {
      throw malformed(text);
    }
    String scheme = text.substring(0, sep);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException(
          "\"" + text + "\" (expected: an http:// or https:// endpoint)");
    }
    String authority = text.substring(sep + 3);
    if (authority.endsWith("/")) {
      authority = authority.substring(0, authority.length() - 1);
    }
    if (authority.isEmpty() || authority.contains("/") || authority.contains("@")) {
      throw malformed(text);
    }
    boolean bracketed = authority.startsWith("[");
    int portColon = bracketed ? authority.indexOf("]:") + 1 : authority.lastIndexOf(':');
    if (bracketed && !authority.endsWith("]") && portColon <= 0) {
      throw malformed(text);
    }
    if (!bracketed && authority.indexOf(':') != portColon) {
      throw malformed(text);
    }
    boolean hasPort = portColon > 0;
    String host = hasPort ? authority.substring(0, portColon) : authority;
    if (bracketed) {
      host = host.substring(1, host.length() - 1);
    }
    if (host.isEmpty() || !HostPort.validHost(host)) {
      throw malformed(text);
    }
    String portText = hasPort ? authority.substring(portColon + 1) : isHttps(scheme) ? "443" : "80";
    if (portText.isEmpty()
        || portText.length() > 5
        || !portText.chars().allMatch(Character::isDigit)) {
      throw malformed(text);
    }
    int port = HostPort.parsePort(portText, text);
    if (port == 0) {
      throw new IllegalArgumentException("\"" + text + "\" (expected: a port in 1..65535)");
    }
    return new EndpointAddress(scheme, host, port);
  }

  /** True for an endpoint spoken to over TLS. */
  public boolean isHttps() {
    return isHttps(scheme);
  }

  private static boolean isHttps(String scheme) {
    return "https".equals(scheme);
  }

  private static IllegalArgumentException malformed(String text) {
    return new IllegalArgumentException("\"" + text + "\" (expected: " + EXPECTATION + ")");
  }

  @Override
  public String toString() {
    return scheme + "://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
