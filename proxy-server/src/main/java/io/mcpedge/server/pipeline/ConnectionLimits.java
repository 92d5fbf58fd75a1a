package io.mcpedge.server.pipeline;

import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the client connections open at once: in total ({@code server.maxConnections}, as Envoy's
 * {@code max_downstream_connections}) and per client IP address ({@code
 * server.maxConnectionsPerClient}, as nginx's {@code limit_conn} keyed on {@code
 * $binary_remote_addr}). A connection over a limit is closed as it is accepted, before anything is
 * read from it, and counted. The address is the peer's, the only one known before a request
 * arrives: behind a load balancer, every client shares it (see {@code server.trustedProxies}). One
 * per server, shared by all listeners and event loops; lock-free.
 */
public final class ConnectionLimits {

  private final int maxTotal;
  private final int maxPerClient;
  private final AtomicInteger open = new AtomicInteger();
  private final ConcurrentHashMap<InetAddress, Integer> perClient = new ConcurrentHashMap<>();
  private final AtomicLong refused = new AtomicLong();

  /**
   * @param maxTotal most connections open at once; 0 for no limit
   * @param maxPerClient most connections open at once from one address; 0 for no limit
   */
  public ConnectionLimits(int maxTotal, int maxPerClient) {
    this.maxTotal = maxTotal;
    this.maxPerClient = maxPerClient;
  }

  /** Whether any limit is set; when none is, nothing is counted. */
  public boolean enabled() {
    return maxTotal > 0 || maxPerClient > 0;
  }

  /**
   * Takes a place for {@code ch}, released when it closes; {@code false} (and counted as refused)
   * when a limit is reached.
   */
  public boolean admit(Channel ch) {
    if (maxTotal > 0 && open.incrementAndGet() > maxTotal) {
      open.decrementAndGet();
      refused.incrementAndGet();
      return false;
    }
    InetAddress client = maxPerClient > 0 ? address(ch) : null;
    if (client != null && !enter(client)) {
      if (maxTotal > 0) {
        open.decrementAndGet();
      }
      refused.incrementAndGet();
      return false;
    }
    ch.closeFuture().addListener(f -> release(client));
    return true;
  }

  /** Connections refused so far. */
  public long refused() {
    return refused.get();
  }

  private void release(InetAddress client) {
    if (maxTotal > 0) {
      open.decrementAndGet();
    }
    if (client != null) {
      // The entry goes with the client's last connection, so the map holds open clients only.
      perClient.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1);
    }
  }

  /**
   * One more connection of {@code client}, unless it has its maximum. The count changes inside the
   * map's atomic update, so that a count that drops to zero and goes cannot lose a concurrent one.
   */
  private boolean enter(InetAddress client) {
    boolean[] admitted = {false};
    perClient.compute(
        client,
        (k, n) -> {
          int now = n == null ? 0 : n;
          if (now >= maxPerClient) {
            return n;
          }
          admitted[0] = true;
          return now + 1;
        });
    return admitted[0];
  }

  private static InetAddress address(Channel ch) {
    SocketAddress a = ch.remoteAddress();
    return a instanceof InetSocketAddress isa ? isa.getAddress() : null;
  }
}
