package io.mcpedge.server.exchange;

import io.netty.channel.Channel;

/**
 * How an exchange turns into a byte tunnel when the upstream agrees to switch protocols (a {@code
 * 101} to a WebSocket upgrade, RFC 9110 §15.2.2). The exchange driver sets one on exchanges whose
 * request asks for it; the upstream call invokes it after the {@code 101} head went through the
 * sink chain.
 */
@FunctionalInterface
public interface ProtocolSwitch {

  /**
   * Takes over the client's channel and {@code upstream}, an HTTP/1.1 connection that has left its
   * pool for good; from here on the exchange's timers bound the tunnel.
   */
  void switchTo(Channel upstream);
}
