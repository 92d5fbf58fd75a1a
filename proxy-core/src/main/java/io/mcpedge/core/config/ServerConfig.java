package io.mcpedge.core.config;

import java.time.Duration;

/**
 * Process-wide data-plane settings (the {@code server} section of edge.yaml).
 *
 * @param ioThreads event-loop threads; 0 means one per available core
 * @param drainTimeout how long in-flight exchanges may run after SIGTERM before the process exits
 * @param maxInitialLineLength longest request line accepted (414 beyond it)
 * @param maxHeaderSize largest request header block accepted (431 beyond it)
 * @param maxRequestBodyBuffer largest request body buffered so that it can be retried; larger
 *     bodies stream and are never retried
 * @param clientHeaderTimeout how long a client may take to send a complete request head (408)
 * @param escapedSlashes what {@code %2F}, {@code %5C} and a raw backslash in a request path get
 */
public record ServerConfig(
    int ioThreads,
    Duration drainTimeout,
    int maxInitialLineLength,
    ByteSize maxHeaderSize,
    ByteSize maxRequestBodyBuffer,
    Duration clientHeaderTimeout,
    EscapedSlashes escapedSlashes) {

  /** The settings with the default treatment of escaped slashes, {@link EscapedSlashes#REJECT}. */
  public ServerConfig(
      int ioThreads,
      Duration drainTimeout,
      int maxInitialLineLength,
      ByteSize maxHeaderSize,
      ByteSize maxRequestBodyBuffer,
      Duration clientHeaderTimeout) {
    this(
        ioThreads,
        drainTimeout,
        maxInitialLineLength,
        maxHeaderSize,
        maxRequestBodyBuffer,
        clientHeaderTimeout,
        EscapedSlashes.REJECT);
  }
}
