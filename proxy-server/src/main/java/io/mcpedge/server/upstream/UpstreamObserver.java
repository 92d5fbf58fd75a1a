package io.mcpedge.server.upstream;

import io.mcpedge.server.exchange.Failure;

/**
 * What one upstream's attempts and pools tell its metrics: how each admitted attempt ended and
 * after how long, and the idle connections and HTTP/2 streams its pools hold. It exists so that the
 * relay and pool code never holds a meter registry. Called on event loops (every loop's pools of
 * the upstream report to the same observer): an implementation must be thread-safe, must not block
 * and should not allocate. With metrics off it is {@link #NONE}.
 */
public interface UpstreamObserver {

  /** Observes nothing. */
  UpstreamObserver NONE = new UpstreamObserver() {};

  /** An admitted attempt got its final response head {@code nanos} after it was admitted. */
  default void attemptAnswered(int status, long nanos) {}

  /** An admitted attempt ended without a response head, for {@code failure}. */
  default void attemptFailed(Failure failure, long nanos) {}

  /** A pool's idle HTTP/1.1 connections changed by {@code delta}. */
  default void idleConnections(int delta) {}

  /** A pool's HTTP/2 streams in use changed by {@code delta}. */
  default void streams(int delta) {}
}
