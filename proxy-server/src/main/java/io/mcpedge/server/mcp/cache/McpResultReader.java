package io.mcpedge.server.mcp.cache;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;

/**
 * Reads the one JSON-RPC response of an upstream answer, in either format of the Streamable HTTP
 * transport (MCP specification 2026-07-28, basic/transports): an {@code application/json} body, or
 * a {@code text/event-stream} whose events carry it (events with empty data, such as the SDK's
 * priming event, are skipped). Anything else, an error response, or a stream that carries more than
 * one message (notifications, requests of the server) gives {@code null}: only a lone result is
 * worth keeping, since a hit replays nothing else. A streaming parser reads the envelope and the
 * result's top-level hints; the result itself is kept as the bytes received.
 */
final class McpResultReader {

  private static final JsonFactory JSON = JsonFactory.builder().build();

  private McpResultReader() {}

  /** The result of a JSON body, or {@code null}. */
  static McpResult json(byte[] body, int length) {
    return envelope(body, 0, length);
  }

  /** The result of an event stream that carries exactly one message, or {@code null}. */
  static McpResult sse(byte[] body, int length) {
    String text = new String(body, 0, length, java.nio.charset.StandardCharsets.UTF_8);
    String data = null;
    // RFC-less but WHATWG HTML §9.2.6: events end at a blank line; CRLF, LF and CR all end lines.
    for (String event : text.split("\r\n\r\n|\n\n|\r\r")) {
      StringBuilder d = null;
      for (String line : event.split("\r\n|\n|\r")) {
        if (line.startsWith("data:")) {
          String v = line.substring(line.length() > 5 && line.charAt(5) == ' ' ? 6 : 5);
          d = d == null ? new StringBuilder(v) : d.append('\n').append(v);
        }
      }
      if (d == null || d.toString().isBlank()) {
        continue;
      }
      if (data != null) {
        return null;
      }
      data = d.toString();
    }
    if (data == null) {
      return null;
    }
    byte[] bytes = data.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return envelope(bytes, 0, bytes.length);
  }

  private static McpResult envelope(byte[] body, int offset, int length) {
    try (JsonParser p = JSON.createParser(body, offset, length)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      McpResult found = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if ("result".equals(name) && value == JsonToken.START_OBJECT) {
          found = result(p, body);
        } else if ("error".equals(name) || "method".equals(name)) {
          return null;
        } else {
          p.skipChildren();
        }
      }
      // Trailing bytes after the object are not a single message.
      return p.nextToken() == null ? found : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** Reads the result object the parser is at, keeping its bytes. */
  private static McpResult result(JsonParser p, byte[] body) throws IOException {
    int start = (int) p.currentTokenLocation().getByteOffset();
    long ttl = -1;
    String scope = null;
    boolean inputRequired = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      switch (name) {
        case "ttlMs" ->
            ttl = value == JsonToken.VALUE_NUMBER_INT ? Math.max(-1, p.getLongValue()) : -1;
        case "cacheScope" -> scope = value == JsonToken.VALUE_STRING ? p.getText() : null;
        case "resultType" ->
            inputRequired = value == JsonToken.VALUE_STRING && "input_required".equals(p.getText());
        default -> p.skipChildren();
      }
    }
    int end = (int) p.currentLocation().getByteOffset();
    return new McpResult(Arrays.copyOfRange(body, start, end), ttl, scope, inputRequired);
  }
}
