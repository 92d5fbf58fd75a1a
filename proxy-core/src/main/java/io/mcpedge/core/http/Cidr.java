package io.mcpedge.core.http;

import java.net.InetAddress;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 address block in CIDR notation (RFC 4632 §3.1, RFC 4291 §2.3), such as {@code
 * 10.0.0.0/8} or {@code fd00::/8}; a bare address is a block of one. Only literals are accepted, so
 * parsing never resolves a name. An IPv4 address never falls in an IPv6 block nor the other way
 * round; IPv4-mapped IPv6 addresses ({@code ::ffff:10.0.0.1}) are compared as IPv4, as the JDK
 * reports them.
 */
public final class Cidr {

  static final String EXPECTATION = "an IPv4 or IPv6 CIDR block such as 10.0.0.0/8 or fd00::/8";

  private final byte[] network;
  private final int prefix;
  private final String text;

  private Cidr(byte[] network, int prefix, String text) {
    this.network = network;
    this.prefix = prefix;
    this.text = text;
  }

  /**
   * Parses {@code a.b.c.d/n}, {@code x::y/n} or a bare address.
   *
   * @throws IllegalArgumentException naming the text and the expectation
   */
  public static Cidr parse(String text) {
    int slash = text.indexOf('/');
    String address = slash < 0 ? text : text.substring(0, slash);
    byte[] bytes = literal(address, text);
    int max = bytes.length * 8;
    int prefix = max;
    if (slash >= 0) {
      String p = text.substring(slash + 1);
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw invalid(text);
      }
      prefix = Integer.parseInt(p);
      if (prefix > max) {
        throw invalid(text);
      }
    }
    return new Cidr(mask(bytes, prefix), prefix, text);
  }

  /** Whether {@code address} lies in this block. */
  public boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    return a.length == network.length && Arrays.equals(mask(a, prefix), network);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr c && c.prefix == prefix && Arrays.equals(c.network, network);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(network) + prefix;
  }

  @Override
  public String toString() {
    return text;
  }

  private static byte[] literal(String address, String text) {
    InetAddress a = IpLiteral.parse(address);
    if (a == null) {
      throw invalid(text);
    }
    return a.getAddress();
  }

  private static byte[] mask(byte[] address, int prefix) {
    byte[] out = address.clone();
    for (int i = 0; i < out.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - 8 * i));
      out[i] &= (byte) (0xff << (8 - keep));
    }
    return out;
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException("\"" + text + "\" (expected: " + EXPECTATION + ")");
  }
}
