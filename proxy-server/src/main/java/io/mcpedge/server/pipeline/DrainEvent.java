package io.mcpedge.server.pipeline;

/**
 * Fired down every downstream connection's pipeline when the server starts draining: HTTP/1.1
 * connections close when idle and answer in-flight requests with {@code Connection: close}; HTTP/2
 * connections send {@code GOAWAY} and close when their streams are done.
 */
public enum DrainEvent {
  INSTANCE
}
