package io.mcpedge.server.exchange;

/**
 * Told once about every downstream exchange, when its response has ended: the narrow view through
 * which metrics see the data plane, so that the writer of responses never holds a meter registry.
 * Called on the exchange's event loop: an implementation must not block and should not allocate.
 */
@FunctionalInterface
public interface ExchangeObserver {

  /** Observes nothing: the observer when metrics are off. */
  ExchangeObserver NONE = (ex, status) -> {};

  /**
   * The exchange has ended downstream.
   *
   * @param status the status code written to the client, or {@code 0} when none was (the client
   *     went away first)
   */
  void exchangeEnded(Exchange ex, int status);
}
