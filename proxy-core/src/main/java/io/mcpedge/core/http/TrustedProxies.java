package io.mcpedge.core.http;

import java.net.InetAddress;
import java.util.List;

/**
 * Which peers may tell the proxy who the client is ({@code server.trustedProxies}), and who the
 * client then is. A request from a trusted peer (a cloud load balancer) names its client in {@code
 * X-Forwarded-For}; the client is the rightmost address of that list that is not itself a trusted
 * proxy, walking from the right over trusted ones, as nginx's {@code real_ip_recursive on} does:
 * the entries to its left were written by the client or by proxies the proxy knows nothing of, so
 * they are passed on but never believed. When every entry is trusted the leftmost is the client; an
 * entry that is not an IP literal ends the walk, and the client is the address to its right (the
 * peer when it is the rightmost). A request from any other peer: the peer is the client.
 */
public final class TrustedProxies {

  private static final TrustedProxies NONE = new TrustedProxies(List.of());

  private final Cidr[] blocks;

  private TrustedProxies(List<Cidr> blocks) {
    this.blocks = blocks.toArray(new Cidr[0]);
  }

  public static TrustedProxies of(List<Cidr> blocks) {
    return blocks.isEmpty() ? NONE : new TrustedProxies(blocks);
  }

  /** Whether no peer is trusted (the default): the peer is always the client. */
  public boolean isEmpty() {
    return blocks.length == 0;
  }

  public boolean trusts(InetAddress address) {
    for (Cidr b : blocks) {
      if (b.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The client of a request that {@code peer} sent with the {@code X-Forwarded-For} fields {@code
   * forwardedFor} (in the order received; each a comma-separated list, RFC 7239 §7.1's de-facto
   * format).
   */
  public InetAddress client(InetAddress peer, List<String> forwardedFor) {
    if (!trusts(peer) || forwardedFor.isEmpty()) {
      return peer;
    }
    InetAddress client = peer;
    for (int f = forwardedFor.size() - 1; f >= 0; f--) {
      String field = forwardedFor.get(f);
      int end = field.length();
      while (end >= 0) {
        int comma = field.lastIndexOf(',', end - 1);
        InetAddress a =
            IpLiteral.parse(field.substring(comma + 1, Math.max(comma + 1, end)).trim());
        if (a == null) {
          return client;
        }
        client = a;
        if (!trusts(a)) {
          return a;
        }
        end = comma;
      }
    }
    return client;
  }
}
