package io.mcpedge.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One in-flight upstream request that other requests for the same key wait for.
 *
 * @param <K> the key type
 */
public final class Flight<K> {

  private final Coalescer<K> owner;
  private final K key;
  private List<Waiter> waiters = new ArrayList<>();
  private Coalescer.Outcome outcome;

  Flight(Coalescer<K> owner, K key) {
    this.owner = owner;
    this.key = key;
  }

  public K key() {
    return key;
  }

  /**
   * Registers a follower; {@code callback} runs once on {@code executor} with the outcome, or with
   * {@link Coalescer.Outcome#TIMED_OUT} if {@link Waiter#timeout()} comes first. If the flight has
   * already landed the callback is scheduled at once.
   */
  public Waiter follow(Executor executor, Consumer<Coalescer.Outcome> callback) {
    Waiter w = new Waiter(executor, callback);
    Coalescer.Outcome landed;
    synchronized (this) {
      landed = outcome;
      if (landed == null) {
        waiters.add(w);
      }
    }
    if (landed != null) {
      w.fire(landed);
    }
    return w;
  }

  /**
   * Ends the flight (leader only) with any outcome but {@link Coalescer.Outcome#TIMED_OUT}, which
   * only a follower's timer gives. Later calls are ignored.
   */
  public void complete(Coalescer.Outcome result) {
    if (result == Coalescer.Outcome.TIMED_OUT) {
      throw new IllegalArgumentException(
          "result: TIMED_OUT (expected: STORED, UNCACHEABLE, FAILED or SUPERSEDED)");
    }
    List<Waiter> toFire;
    synchronized (this) {
      if (outcome != null) {
        return;
      }
      outcome = result;
      toFire = waiters;
      waiters = List.of();
    }
    owner.landed(this, result);
    for (Waiter w : toFire) {
      w.fire(result);
    }
  }

  /** Number of followers still waiting. */
  public synchronized int waiting() {
    return waiters.size();
  }

  private synchronized void remove(Waiter w) {
    if (outcome == null) {
      waiters.remove(w);
    }
  }

  /** A follower's registration: fires exactly once, or never after {@link #cancel()}. */
  public final class Waiter {
    private final Executor executor;
    private final Consumer<Coalescer.Outcome> callback;
    private final AtomicBoolean done = new AtomicBoolean();

    private Waiter(Executor executor, Consumer<Coalescer.Outcome> callback) {
      this.executor = executor;
      this.callback = callback;
    }

    /** Stops waiting and reports {@code TIMED_OUT}; {@code false} if the outcome came first. */
    public boolean timeout() {
      if (!done.compareAndSet(false, true)) {
        return false;
      }
      remove(this);
      executor.execute(() -> callback.accept(Coalescer.Outcome.TIMED_OUT));
      return true;
    }

    /** Stops waiting without a callback (the client went away); {@code false} if too late. */
    public boolean cancel() {
      if (!done.compareAndSet(false, true)) {
        return false;
      }
      remove(this);
      return true;
    }

    void fire(Coalescer.Outcome result) {
      if (done.compareAndSet(false, true)) {
        executor.execute(() -> callback.accept(result));
      }
    }
  }
}
