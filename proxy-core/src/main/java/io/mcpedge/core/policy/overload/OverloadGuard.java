package io.mcpedge.core.policy.overload;

import io.mcpedge.core.config.CircuitBreakerConfig;
import io.mcpedge.core.policy.Checks;

/**
 * The Envoy-style overload thresholds of one upstream ({@code maxConnections}, {@code
 * maxPendingRequests}, {@code maxRequests}): past a limit the request fails fast with {@code 503}
 * and {@code x-edge-overloaded: true} instead of queueing without bound.
 *
 * <p>One instance per upstream, shared by every event loop. Every successful {@code tryAcquire...}
 * must be paired with exactly one matching {@code release...}, on whichever thread ends the work.
 *
 * <ul>
 *   <li>connection: held while an upstream connection is open (or being opened)
 *   <li>pending: held while a request waits for a pooled connection or stream
 *   <li>request: held from the moment a request is sent upstream until its response ends
 * </ul>
 */
public final class OverloadGuard {

  private final BoundedCounter connections;
  private final BoundedCounter pendingRequests;
  private final BoundedCounter requests;

  public OverloadGuard(CircuitBreakerConfig config) {
    Checks.present("circuitBreaker", config);
    this.connections = new BoundedCounter("maxConnections", config.maxConnections());
    this.pendingRequests = new BoundedCounter("maxPendingRequests", config.maxPendingRequests());
    this.requests = new BoundedCounter("maxRequests", config.maxRequests());
  }

  public boolean tryAcquireConnection() {
    return connections.tryAcquire();
  }

  public boolean releaseConnection() {
    return connections.release();
  }

  public boolean tryAcquirePending() {
    return pendingRequests.tryAcquire();
  }

  public boolean releasePending() {
    return pendingRequests.release();
  }

  public boolean tryAcquireRequest() {
    return requests.tryAcquire();
  }

  public boolean releaseRequest() {
    return requests.release();
  }

  /** Open connections, their limit and rejections, for metrics. */
  public BoundedCounter connections() {
    return connections;
  }

  public BoundedCounter pendingRequests() {
    return pendingRequests;
  }

  public BoundedCounter requests() {
    return requests;
  }
}
