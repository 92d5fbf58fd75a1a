package io.mcpedge.server.upstream;

import io.mcpedge.core.policy.overload.OverloadGuard;
import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.exchange.ResponseSink;

/**
 * The policies an upstream applies to each attempt once its endpoint is chosen: per-endpoint
 * breakers and the overload thresholds. Shared by all event loops.
 */
public interface AttemptPolicy {

  /** No thresholds, no breakers: every attempt is admitted. */
  AttemptPolicy NONE =
      new AttemptPolicy() {
        @Override
        public AttemptListener admit(Exchange ex, Endpoint endpoint, ResponseSink sink) {
          return AttemptListener.NONE;
        }

        @Override
        public OverloadGuard overload() {
          return null;
        }
      };

  /**
   * Admits one attempt to {@code endpoint}.
   *
   * @return the attempt's listener, or {@code null} when the attempt was refused and the policy
   *     already answered or failed the exchange through {@code sink}
   */
  AttemptListener admit(Exchange ex, Endpoint endpoint, ResponseSink sink);

  /** The thresholds whose connection count the pools keep, or {@code null} for none. */
  OverloadGuard overload();

  /** Where the upstream's pools report their idle connections and streams (metrics). */
  default UpstreamObserver observer() {
    return UpstreamObserver.NONE;
  }
}
