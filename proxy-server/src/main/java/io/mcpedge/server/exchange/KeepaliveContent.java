package io.mcpedge.server.exchange;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultHttpContent;

/**
 * Response content that only keeps a quiet stream alive (an SSE comment, for one): the downstream
 * end writes it like any other content but does not count it as traffic, so a route's idle timeout
 * still sees the silence around it. A final class rather than a marker interface, so that telling
 * it from the other chunks of a response is one exact class check.
 */
public final class KeepaliveContent extends DefaultHttpContent {

  public KeepaliveContent(ByteBuf content) {
    super(content);
  }
}
