package io.mcpedge.server.mcp;

import org.jspecify.annotations.Nullable;

/**
 * The parts of a JSON-RPC request body that the proxy reads, as {@link EnvelopeReader} found them;
 * everything else, the arguments above all, is skipped unread.
 *
 * @param id the {@code id} as JSON text ({@code 7}, {@code "a"}); {@code null} for a notification
 * @param method the JSON-RPC {@code method}
 * @param name {@code params.name}, or {@code null}
 * @param uri {@code params.uri}, or {@code null}
 * @param cursor {@code params.cursor}, or {@code null}
 * @param taskId {@code params.taskId}, or {@code null}
 * @param roundTripRetry {@code params.inputResponses} or {@code params.requestState} is present
 * @param claimedVersion {@code params._meta["io.modelcontextprotocol/protocolVersion"]}, or {@code
 *     null}
 * @param traceparent {@code params._meta.traceparent} (W3C trace context), or {@code null}
 * @param tracestate {@code params._meta.tracestate}, or {@code null}
 */
public record Envelope(
    @Nullable String id,
    String method,
    @Nullable String name,
    @Nullable String uri,
    @Nullable String cursor,
    @Nullable String taskId,
    boolean roundTripRetry,
    @Nullable String claimedVersion,
    @Nullable String traceparent,
    @Nullable String tracestate) {}
