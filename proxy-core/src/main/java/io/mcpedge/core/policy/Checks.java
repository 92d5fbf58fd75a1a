package io.mcpedge.core.policy;

import java.time.Duration;

/**
 * Precondition checks shared by the policy engines, so that every rejected value is reported the
 * same way: the name, the value and the expectation ({@code maxRequests: 0 (expected: > 0)}).
 */
public final class Checks {

  private Checks() {}

  /** Returns {@code value} when it is above zero. */
  public static long positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
    }
    return value;
  }

  /** Returns {@code value} when it is zero or above. */
  public static long nonNegative(String name, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: >= 0)");
    }
    return value;
  }

  /** Returns {@code value} when it lies in {@code [min, max]}. */
  public static int inRange(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + ": " + value + " (expected: " + min + ".." + max + ")");
    }
    return value;
  }

  /** Returns {@code value} when it is present and strictly positive. */
  public static Duration positive(String name, Duration value) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: a positive duration)");
    }
    return value;
  }

  /** Returns {@code value} when it is not null. */
  public static <T> T present(String name, T value) {
    if (value == null) {
      throw new IllegalArgumentException(name + ": null (expected: a value)");
    }
    return value;
  }

  /** Whole seconds, rounded up, of a non-negative nanosecond count: the unit HTTP headers use. */
  public static long ceilSeconds(long nanos) {
    if (nanos <= 0) {
      return 0;
    }
    return (nanos - 1) / 1_000_000_000L + 1;
  }
}
