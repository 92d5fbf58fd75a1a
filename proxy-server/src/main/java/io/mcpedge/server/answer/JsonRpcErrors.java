package io.mcpedge.server.answer;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * The JSON-RPC error responses (JSON-RPC 2.0 §5) the proxy answers MCP requests with itself, so
 * that an MCP client reads a refusal as it reads one from its server: with the request's {@code
 * id}, or {@code null} when the id could not be read.
 */
public final class JsonRpcErrors {

  /**
   * The code of a rate-limited MCP request: the MCP specification names none, so the first of
   * JSON-RPC's implementation-defined server errors (JSON-RPC 2.0 §5.1).
   */
  public static final int RATE_LIMITED = -32000;

  private JsonRpcErrors() {}

  /** The body of a JSON-RPC error response; {@code id} is JSON text, {@code null} for none. */
  public static String body(String id, int code, String message) {
    StringBuilder sb = new StringBuilder(96 + message.length());
    sb.append("{\"jsonrpc\":\"2.0\",\"id\":")
        .append(id == null ? "null" : id)
        .append(",\"error\":{\"code\":")
        .append(code)
        .append(",\"message\":\"")
        .append(JsonStringEncoder.getInstance().quoteAsString(message))
        .append("\"}}");
    return sb.toString();
  }

  /** A complete JSON-RPC error answer with {@code status}. */
  public static FullHttpResponse answer(
      HttpResponseStatus status, String id, int code, String message, ByteBufAllocator alloc) {
    return LocalAnswers.json(status, body(id, code, message), alloc);
  }
}
