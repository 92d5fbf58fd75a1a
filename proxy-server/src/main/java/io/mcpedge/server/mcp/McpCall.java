package io.mcpedge.server.mcp;

import io.netty.util.AttributeKey;
import org.jspecify.annotations.Nullable;

/**
 * What the proxy read from one MCP request: the revision it speaks and, for a JSON-RPC request of
 * the 2026-07-28 revision, the parts of the envelope that routing, limits and the result cache act
 * on. It is made once per exchange, after the body has been checked against the standard headers,
 * and is attached to the exchange under {@link #KEY}; the arguments of a call are never read.
 *
 * @param revision how the request is to be treated
 * @param protocolVersion the {@code MCP-Protocol-Version} header, or {@code ""} when absent
 * @param method the JSON-RPC {@code method} (equal to {@code Mcp-Method} once verified)
 * @param name {@code params.name} of {@code tools/call} and {@code prompts/get} (and the task calls
 *     that name one), decoded; {@code null} when the method has none
 * @param uri {@code params.uri} of {@code resources/read} (and the calls that name one), decoded;
 *     {@code null} when the method has none
 * @param cursor {@code params.cursor} of a paginated list request, or {@code null}
 * @param id the request's JSON-RPC {@code id} as its JSON text ({@code 7} or {@code "a"}), so that
 *     an answer can carry it back unchanged; {@code null} for a notification
 * @param roundTripRetry the request carries {@code inputResponses} or {@code requestState}: a retry
 *     of the multi round-trip mechanism, whose result must never be stored
 */
public record McpCall(
    McpRevision revision,
    String protocolVersion,
    String method,
    @Nullable String name,
    @Nullable String uri,
    @Nullable String cursor,
    @Nullable String id,
    boolean roundTripRetry) {

  /** Where an exchange keeps its call, once read. */
  public static final AttributeKey<McpCall> KEY = AttributeKey.valueOf("mcp-edge.mcp-call");
}
