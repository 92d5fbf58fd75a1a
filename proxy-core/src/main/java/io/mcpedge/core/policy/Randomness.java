package io.mcpedge.core.policy;

import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * The production source of the policies' randomness (load-balancer draws, backoff jitter). Each
 * call draws from the calling thread's {@link ThreadLocalRandom}, so one instance can be shared by
 * every event loop without contention, while tests pass a scripted or seeded generator instead.
 */
public final class Randomness {

  private static final RandomGenerator THREAD_LOCAL = new ThreadLocalDraws();

  private Randomness() {}

  /** Draws from the current thread's {@link ThreadLocalRandom} on every call. */
  public static RandomGenerator threadLocal() {
    return THREAD_LOCAL;
  }

  /**
   * Looks the generator up per call: {@code ThreadLocalRandom.current()} captured once on one
   * thread and used on another would use a seed the other thread never initialised.
   */
  private static final class ThreadLocalDraws implements RandomGenerator {
    @Override
    public long nextLong() {
      return ThreadLocalRandom.current().nextLong();
    }

    @Override
    public int nextInt(int bound) {
      return ThreadLocalRandom.current().nextInt(bound);
    }

    @Override
    public double nextDouble() {
      return ThreadLocalRandom.current().nextDouble();
    }
  }
}
