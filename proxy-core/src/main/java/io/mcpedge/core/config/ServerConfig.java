package io.mcpedge.core.config;

import io.mcpedge.core.http.Cidr;
import java.time.Duration;
import java.util.List;

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
 * @param maxHeaderCount most request header fields accepted (431 beyond it), as Envoy's {@code
 *     max_headers_count}
 * @param maxConnections most client connections open at once on all listeners; 0 for no limit
 * @param maxConnectionsPerClient most client connections open at once from one IP address; 0 for no
 *     limit
 * @param trustedProxies the peers whose {@code X-Forwarded-For} is extended rather than replaced
 */
public record ServerConfig(
    int ioThreads,
    Duration drainTimeout,
    int maxInitialLineLength,
    ByteSize maxHeaderSize,
    ByteSize maxRequestBodyBuffer,
    Duration clientHeaderTimeout,
    EscapedSlashes escapedSlashes,
    int maxHeaderCount,
    int maxConnections,
    int maxConnectionsPerClient,
    List<Cidr> trustedProxies) {

  /** Envoy's default {@code max_headers_count}; HAProxy stops at 101. */
  public static final int DEFAULT_MAX_HEADER_COUNT = 100;

  public ServerConfig {
    trustedProxies = List.copyOf(trustedProxies);
  }

  /** The settings with the default limits and no trusted proxies. */
  public ServerConfig(
      int ioThreads,
      Duration drainTimeout,
      int maxInitialLineLength,
      ByteSize maxHeaderSize,
      ByteSize maxRequestBodyBuffer,
      Duration clientHeaderTimeout,
      EscapedSlashes escapedSlashes) {
    this(
        ioThreads,
        drainTimeout,
        maxInitialLineLength,
        maxHeaderSize,
        maxRequestBodyBuffer,
        clientHeaderTimeout,
        escapedSlashes,
        DEFAULT_MAX_HEADER_COUNT,
        0,
        0,
        List.of());
  }

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
