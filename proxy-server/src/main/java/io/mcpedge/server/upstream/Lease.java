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

  /**
   * Takes the channel out of its pool for good, for a stream that may hold it for hours (an SSE
   * response, a WebSocket tunnel): the pool stops counting it against its {@code maxConnections},
   * so other requests never wait for it, and {@link #release} then closes it instead of reusing it.
   * It still counts against the upstream's process-wide connection threshold until it closes. Does
   * nothing for an HTTP/2 stream, which holds no connection of its own.
   */
  default void detach() {}
}
