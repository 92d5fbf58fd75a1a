package io.mcpedge.server.upstream;

import io.mcpedge.core.config.EndpointAddress;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns configured endpoints into addresses. IP literals are used as they are; a DNS name becomes
 * one endpoint per address it resolves to (a headless Service answers one record per pod). Uses the
 * JDK resolver, which blocks: call it only off the event loops.
 */
@FunctionalInterface
public interface EndpointResolver {

  /** All addresses of one configured endpoint. */
  List<InetAddress> resolve(String host) throws UnknownHostException;

  /** The JDK's resolver (honours {@code /etc/hosts} and the system's DNS settings). */
  static EndpointResolver jdk() {
    return host -> List.of(InetAddress.getAllByName(host));
  }

  /**
   * Resolves every configured endpoint. A name that fails to resolve keeps its endpoints from
   * {@code previous}, so that a DNS blip does not take pods away.
   */
  static List<Endpoint> resolveAll(
      EndpointResolver resolver,
      List<EndpointAddress> configured,
      List<Endpoint> previous,
      List<String> problems) {
    Set<Endpoint> out = new LinkedHashSet<>();
    for (EndpointAddress a : configured) {
      byte[] literal = NetUtil.createByteArrayFromIpAddressString(a.host());
      try {
        if (literal != null) {
          out.add(
              new Endpoint(a, new InetSocketAddress(InetAddress.getByAddress(literal), a.port())));
          continue;
        }
        for (InetAddress ia : resolver.resolve(a.host())) {
          out.add(new Endpoint(a, new InetSocketAddress(ia, a.port())));
        }
      } catch (UnknownHostException e) {
        problems.add(a + ": " + e.getMessage());
        for (Endpoint old : previous) {
          if (old.configured().equals(a)) {
            out.add(old);
          }
        }
      }
    }
    return List.copyOf(new ArrayList<>(out));
  }
}
