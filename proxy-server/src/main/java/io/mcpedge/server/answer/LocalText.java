package io.mcpedge.server.answer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;

/**
 * A plain-text answer that a route gives again and again (a {@code 429} under a flood, a direct
 * response), encoded once: each answer shares the same read-only bytes, so it costs neither a
 * buffer allocation nor a UTF-8 encoding. The bytes are never released.
 */
final class LocalText {

  private final HttpResponseStatus status;
  private final ByteBuf body;

  LocalText(HttpResponseStatus status, String text) {
    this.status = status;
    this.body =
        Unpooled.unreleasableBuffer(
            Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8)).asReadOnly());
  }

  /** A new answer with the shared body and the headers of every local answer. */
  FullHttpResponse response() {
    return LocalAnswers.text(status, body.duplicate());
  }
}
