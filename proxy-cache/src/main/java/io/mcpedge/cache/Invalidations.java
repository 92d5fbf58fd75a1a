package io.mcpedge.cache;

import java.util.Objects;

/**
 * The one place where purges, bans and write invalidations reach the store, so that each one this
 * process causes can be told to other replicas of the edge, and each one they cause can be applied
 * here without being told again (which would loop between replicas).
 *
 * <p>The store is safe to change from any thread (every event loop and the admin loop already do),
 * so a remote event may be applied on whatever thread receives it.
 */
public final class Invalidations {

  /** Told of every invalidation this process causes, after it was applied here. */
  @FunctionalInterface
  public interface Listener {
    Listener NONE = event -> {};

    /** Called on the thread that caused the event (an event loop): must not block. */
    void invalidated(InvalidationEvent event);
  }

  private final CacheStore store;
  private volatile Listener listener = Listener.NONE;

  Invalidations(CacheStore store) {
    this.store = store;
  }

  /**
   * Applies an invalidation caused by this process and tells the listener; returns keys removed.
   */
  public int local(InvalidationEvent event) {
    int removed = event.applyTo(store);
    listener.invalidated(event);
    return removed;
  }

  /** Applies an invalidation another replica caused; the listener is not told. */
  public int remote(InvalidationEvent event) {
    return event.applyTo(store);
  }

  /**
   * Drops every stored answer and every answer in flight now, in every scope: what a replica does
   * when it may have missed other replicas' invalidations. Returns keys removed.
   */
  public int dropAll() {
    return store.invalidateAll();
  }

  /** Sets who is told of local invalidations (the replica bus); replaces the previous one. */
  public void listener(Listener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
  }
}
