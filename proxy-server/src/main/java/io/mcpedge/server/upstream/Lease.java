package io.mcpedge.server.upstream;

import io.netty.channel.Channel;

/**
 * A channel lent to one upstream call: an HTTP/1.1 connection or an HTTP/2 stream. Exactly one
 * {@link #release} per lease.
 */
interface Lease {

  /** The channel to write the request to; its pipeline ends in an {@link UpstreamHandler}. */
  Channel channel();

  /**
   * Gives the channel back. {@code reusable} is true only after a complete response to a completely
   * sent request; otherwise the connection is closed or the stream reset.
   */
  void release(boolean reusable);
}
