package io.mcpedge.server.mcp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import java.io.IOException;

/**
 * Reads the JSON-RPC envelope of an MCP request with Jackson's streaming parser: {@code jsonrpc},
 * {@code id}, {@code method}, and of {@code params} only {@code name}, {@code uri}, {@code cursor},
 * {@code taskId}, the presence of {@code inputResponses} / {@code requestState} and three keys of
 * {@code _meta}. Every other value (the arguments of a call above all) is skipped as tokens, never
 * built into objects, so a large call costs one pass over its bytes.
 *
 * <p>A key the proxy reads that occurs twice is refused: a parser that keeps the first and a server
 * that keeps the last (as JavaScript's {@code JSON.parse} does) would otherwise disagree about what
 * the request calls. JSON-RPC batches are refused as the 2026-07-28 revision has none (the SDK's
 * server answers them {@code -32600} too).
 */
public final class EnvelopeReader {

  private static final JsonFactory JSON = new JsonFactory();
  private static final String PROTOCOL_VERSION_META = "io.modelcontextprotocol/protocolVersion";

  private EnvelopeReader() {}

  /** Reads {@code body} (not released; its reader index is left where it was). */
  public static Envelope read(ByteBuf body) throws EnvelopeException {
    try (JsonParser p = parser(body)) {
      return read(p);
    } catch (JsonProcessingException e) {
      throw new EnvelopeException(EnvelopeException.PARSE_ERROR, "Parse error: invalid JSON");
    } catch (IOException e) {
      throw new EnvelopeException(EnvelopeException.PARSE_ERROR, "Parse error: unreadable body");
    }
  }

  private static JsonParser parser(ByteBuf body) throws IOException {
    if (body.hasArray()) {
      return JSON.createParser(
          body.array(), body.arrayOffset() + body.readerIndex(), body.readableBytes());
    }
    return JSON.createParser((java.io.InputStream) new ByteBufInputStream(body.duplicate()));
  }

  private static Envelope read(JsonParser p) throws IOException, EnvelopeException {
    JsonToken t = p.nextToken();
    if (t == JsonToken.START_ARRAY) {
      throw invalid("JSON-RPC batches are not part of MCP 2026-07-28");
    }
    if (t != JsonToken.START_OBJECT) {
      throw invalid("the body is not a JSON-RPC request object");
    }
    Builder b = new Builder();
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      t = p.nextToken();
      switch (field) {
        case "jsonrpc" -> b.jsonrpc = b.once(field, string(p, t, field));
        case "id" -> b.id = b.once(field, id(p, t));
        case "method" -> b.method = b.once(field, string(p, t, field));
        case "params" -> params(p, t, b);
        default -> p.skipChildren();
      }
    }
    if (p.nextToken() != null) {
      throw new EnvelopeException(EnvelopeException.PARSE_ERROR, "Parse error: trailing content");
    }
    if (!"2.0".equals(b.jsonrpc) || b.method == null) {
      throw invalid("not a JSON-RPC 2.0 request (jsonrpc \"2.0\" and a method)");
    }
    return b.build();
  }

  private static void params(JsonParser p, JsonToken t, Builder b)
      throws IOException, EnvelopeException {
    b.once("params", "");
    if (t != JsonToken.START_OBJECT) {
      if (t == JsonToken.START_ARRAY) {
        throw invalid("params is not an object");
      }
      return;
    }
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      t = p.nextToken();
      switch (field) {
        case "name" -> b.name = b.once(field, string(p, t, "params.name"));
        case "uri" -> b.uri = b.once(field, string(p, t, "params.uri"));
        case "cursor" -> b.cursor = b.once(field, string(p, t, "params.cursor"));
        case "taskId" -> b.taskId = b.once(field, string(p, t, "params.taskId"));
        case "inputResponses", "requestState" -> {
          b.roundTripRetry = true;
          p.skipChildren();
        }
        case "_meta" -> meta(p, t, b);
        default -> p.skipChildren();
      }
    }
  }

  private static void meta(JsonParser p, JsonToken t, Builder b)
      throws IOException, EnvelopeException {
    b.once("_meta", "");
    if (t != JsonToken.START_OBJECT) {
      p.skipChildren();
      return;
    }
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      t = p.nextToken();
      switch (field) {
        case PROTOCOL_VERSION_META -> b.claimedVersion = b.once(field, optional(p, t));
        case "traceparent" -> b.traceparent = b.once(field, optional(p, t));
        case "tracestate" -> b.tracestate = b.once(field, optional(p, t));
        default -> p.skipChildren();
      }
    }
  }

  private static String string(JsonParser p, JsonToken t, String what)
      throws IOException, EnvelopeException {
    if (t != JsonToken.VALUE_STRING) {
      throw invalid(what + " is not a string");
    }
    return p.getText();
  }

  /** A string, or {@code null} for any other value (skipped): the server judges those. */
  private static String optional(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    p.skipChildren();
    return null;
  }

  /** The id as JSON text; MCP ids are strings or integers, never null (basic, "Requests"). */
  private static String id(JsonParser p, JsonToken t) throws IOException, EnvelopeException {
    if (t == JsonToken.VALUE_NUMBER_INT) {
      return p.getText();
    }
    if (t == JsonToken.VALUE_STRING) {
      JsonStringEncoder enc = JsonStringEncoder.getInstance();
      return new StringBuilder(p.getTextLength() + 2)
          .append('"')
          .append(enc.quoteAsString(p.getText()))
          .append('"')
          .toString();
    }
    throw invalid("id is not a string or an integer");
  }

  private static EnvelopeException invalid(String why) {
    return new EnvelopeException(EnvelopeException.INVALID_REQUEST, "Invalid Request: " + why);
  }

  private static final class Builder {
    String jsonrpc;
    String id;
    String method;
    String name;
    String uri;
    String cursor;
    String taskId;
    boolean roundTripRetry;
    String claimedVersion;
    String traceparent;
    String tracestate;
    private java.util.Set<String> seen;

    /** Returns {@code value}, refusing a key seen before at the same place. */
    String once(String key, String value) throws EnvelopeException {
      if (seen == null) {
        seen = new java.util.HashSet<>(8);
      }
      if (!seen.add(key)) {
        throw invalid("the key " + key + " occurs twice");
      }
      return value;
    }

    Envelope build() {
      return new Envelope(
          id,
          method,
          name,
          uri,
          cursor,
          taskId,
          roundTripRetry,
          claimedVersion,
          traceparent,
          tracestate);
    }
  }
}
