package io.mcpedge.server.exchange;

import io.netty.handler.codec.http.HttpResponse;

/**
 * Told about every downstream exchange as it starts and, once, as it ends: the narrow view through
 * which metrics see the data plane, so that the writer of responses never holds a meter registry.
 * Called on the exchange's event loop: an implementation must not block and should not allocate.
 */
@FunctionalInterface
public interface ExchangeObserver {

  /** Observes nothing: the observer when metrics are off. */
  ExchangeObserver NONE = (ex, status) -> {};

  /** The exchange has been created for a request head and its chain is about to run. */
  default void exchangeStarted(Exchange ex) {}

  /**
   * The final response head is about to be written to the client (not for a {@code 101}, which ends
   * the exchange instead).
   */
  default void responseStarted(Exchange ex, HttpResponse head) {}

  /**
   * The exchange has ended downstream: its response is written, it failed, or it turned into a
   * tunnel ({@code 101}; what the tunnel carries is not an exchange).
   *
   * @param status the status code written to the client, or {@code 0} when none was (the client
   *     went away first)
   */
  void exchangeEnded(Exchange ex, int status);
}
