package io.mcpedge.server.upstream;

/**
 * Connections to one endpoint from one event loop. Every method runs on that event loop, so pools
 * need no locks and an exchange never changes threads.
 */
interface ConnectionPool {

  /** Lends a channel now or later; {@code cb} is called exactly once (unless cancelled). */
  void acquire(LeaseCallback cb);

  /** Closes idle connections; busy ones close when their calls end. */
  void close();
}
