package io.mcpedge.server.upstream;

/** Waits for a {@link Lease} from a {@link ConnectionPool}. */
interface LeaseCallback {

  void onLease(Lease lease);

  void onLeaseFailed(Throwable cause);

  /** A cancelled waiter is skipped; a lease that arrives anyway is released unused. */
  boolean isCancelled();
}
