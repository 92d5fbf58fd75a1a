package io.mcpedge.core.lb;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.random.RandomGenerator;

/** Returns the bounded draws a test scripted, in order; anything else is a test error. */
final class ScriptedRandom implements RandomGenerator {

  private final Deque<Integer> draws = new ArrayDeque<>();

  ScriptedRandom(int... draws) {
    for (int d : draws) {
      this.draws.add(d);
    }
  }

  @Override
  public int nextInt(int bound) {
    int draw = draws.remove();
    if (draw < 0 || draw >= bound) {
      throw new IllegalStateException("scripted draw " + draw + " outside [0, " + bound + ")");
    }
    return draw;
  }

  @Override
  public long nextLong() {
    throw new UnsupportedOperationException("only nextInt(bound) is scripted");
  }
}
