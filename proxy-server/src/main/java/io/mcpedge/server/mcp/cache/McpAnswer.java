package io.mcpedge.server.mcp.cache;

import io.mcpedge.cache.CacheStatus;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;

/**
 * Builds the answer to a request from a stored MCP result: the JSON-RPC response with the
 * requester's own {@code id} (JSON-RPC 2.0 §5: the response's id is the request's), as an {@code
 * application/json} body or as a {@code text/event-stream} of one {@code message} event, the two
 * forms the SDK's server writes (MCP specification 2026-07-28, basic/transports). The stored result
 * is the server's own text, so a hit is byte for byte what the server would have said but the id.
 */
final class McpAnswer {

  static final AsciiString X_CACHE = AsciiString.cached("x-cache");
  static final AsciiString TEXT_EVENT_STREAM = AsciiString.cached("text/event-stream");
  static final AsciiString APPLICATION_JSON = AsciiString.cached("application/json");
  private static final AsciiString NO_CACHE = AsciiString.cached("no-cache, no-transform");

  private static final byte[] HEAD =
      "{\"jsonrpc\":\"2.0\",\"id\":".getBytes(StandardCharsets.UTF_8);
  private static final byte[] RESULT = ",\"result\":".getBytes(StandardCharsets.UTF_8);
  private static final byte[] TAIL = "}".getBytes(StandardCharsets.UTF_8);
  private static final byte[] EVENT = "event: message\ndata: ".getBytes(StandardCharsets.UTF_8);
  private static final byte[] EVENT_END = "\n\n".getBytes(StandardCharsets.UTF_8);

  private McpAnswer() {}

  /**
   * The answer for a request whose id is {@code id} (JSON text), from {@code result} (JSON text),
   * as an event stream when {@code sse}; {@code ageSeconds} goes into {@code Age}.
   */
  static FullHttpResponse of(
      ByteBufAllocator alloc, String id, byte[] result, boolean sse, long ageSeconds) {
    byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
    int length = HEAD.length + idBytes.length + RESULT.length + result.length + TAIL.length;
    if (sse) {
      length += EVENT.length + EVENT_END.length;
    }
    ByteBuf body = alloc.buffer(length);
    if (sse) {
      body.writeBytes(EVENT);
    }
    body.writeBytes(HEAD).writeBytes(idBytes).writeBytes(RESULT).writeBytes(result);
    body.writeBytes(TAIL);
    if (sse) {
      body.writeBytes(EVENT_END);
    }
    FullHttpResponse res =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
    HttpHeaders h = res.headers();
    h.set(HttpHeaderNames.CONTENT_TYPE, sse ? TEXT_EVENT_STREAM : APPLICATION_JSON);
    if (sse) {
      h.set(HttpHeaderNames.CACHE_CONTROL, NO_CACHE);
    }
    h.setInt(HttpHeaderNames.CONTENT_LENGTH, length);
    h.set(HttpHeaderNames.AGE, Long.toString(Math.max(0, ageSeconds)));
    h.set(X_CACHE, CacheStatus.X_CACHE_HIT);
    return res;
  }
}
