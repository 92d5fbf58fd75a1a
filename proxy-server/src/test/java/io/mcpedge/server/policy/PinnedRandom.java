package io.mcpedge.server.policy;

import java.util.random.RandomGenerator;

/**
 * Randomness pinned to its lowest value: round robin starts at the first endpoint, least-request
 * draws the first candidates, and retries wait no backoff.
 */
final class PinnedRandom implements RandomGenerator {

  @Override
  public long nextLong() {
    return 0;
  }

  @Override
  public int nextInt(int bound) {
    return 0;
  }

  @Override
  public double nextDouble() {
    return 0;
  }
}
