package io.mcpedge.core.http;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Parses IPv4 and IPv6 address literals without ever resolving a name: text that is not made of
 * digits, dots, colons and hex digits only is refused before the JDK sees it, so a hostile {@code
 * X-Forwarded-For} value cannot make the proxy do a DNS lookup.
 */
public final class IpLiteral {

  private IpLiteral() {}

  /** The address {@code text} spells, or {@code null} when it is not an IPv4 or IPv6 literal. */
  public static InetAddress parse(CharSequence text) {
    int len = text.length();
    if (len == 0 || len > 45) {
      return null;
    }
    int dots = 0;
    boolean colon = false;
    boolean hexLetter = false;
    for (int i = 0; i < len; i++) {
      char c = text.charAt(i);
      if (c == '.') {
        dots++;
      } else if (c == ':') {
        colon = true;
      } else if (c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
        hexLetter = true;
      } else if (c < '0' || c > '9') {
        return null;
      }
    }
    if (!colon && (dots != 3 || hexLetter)) {
      return null; // an IPv4 literal is exactly a.b.c.d (no shortened or hex forms)
    }
    try {
      return InetAddress.getByName(text.toString());
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
