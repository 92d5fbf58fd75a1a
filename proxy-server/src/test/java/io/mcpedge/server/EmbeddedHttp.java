package io.mcpedge.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;

/** Helpers for driving pipelines in an {@link EmbeddedChannel} with raw bytes. */
public final class EmbeddedHttp {

  private EmbeddedHttp() {}

  public static void send(EmbeddedChannel ch, String raw) {
    ch.writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.ISO_8859_1));
  }

  /** Everything written so far, as text; every outbound message is released. */
  public static String drainOutbound(EmbeddedChannel ch) {
    ch.runPendingTasks();
    StringBuilder sb = new StringBuilder();
    Object o;
    while ((o = ch.readOutbound()) != null) {
      if (o instanceof ByteBuf b) {
        sb.append(b.toString(StandardCharsets.ISO_8859_1));
      } else {
        sb.append(o);
      }
      ReferenceCountUtil.release(o);
    }
    return sb.toString();
  }
}
