package io.mcpedge.core.policy.overload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpedge.core.config.CircuitBreakerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OverloadGuardTest {

  /** Each threshold with its acquire and release, so one test body checks all three. */
  enum Threshold {
    CONNECTIONS(
        g -> g::tryAcquireConnection, g -> g::releaseConnection, OverloadGuard::connections),
    PENDING(g -> g::tryAcquirePending, g -> g::releasePending, OverloadGuard::pendingRequests),
    REQUESTS(g -> g::tryAcquireRequest, g -> g::releaseRequest, OverloadGuard::requests);

    final Function<OverloadGuard, BooleanSupplier> acquire;
    final Function<OverloadGuard, BooleanSupplier> release;
    final Function<OverloadGuard, BoundedCounter> counter;

    Threshold(
        Function<OverloadGuard, BooleanSupplier> acquire,
        Function<OverloadGuard, BooleanSupplier> release,
        Function<OverloadGuard, BoundedCounter> counter) {
      this.acquire = acquire;
      this.release = release;
      this.counter = counter;
    }
  }

  private static OverloadGuard guard(int limit) {
    return new OverloadGuard(new CircuitBreakerConfig(limit, limit, limit, null));
  }

  @ParameterizedTest
  @EnumSource(Threshold.class)
  void admitsUpToTheLimitThenRefusesUntilReleased(Threshold t) {
    OverloadGuard guard = guard(3);
    BooleanSupplier acquire = t.acquire.apply(guard);
    BooleanSupplier release = t.release.apply(guard);

    assertThat(acquire.getAsBoolean()).isTrue();
    assertThat(acquire.getAsBoolean()).isTrue();
    assertThat(acquire.getAsBoolean()).isTrue();
    assertThat(acquire.getAsBoolean()).isFalse();
    assertThat(t.counter.apply(guard).rejections()).isEqualTo(1);

    assertThat(release.getAsBoolean()).isTrue();
    assertThat(acquire.getAsBoolean()).isTrue();
    assertThat(t.counter.apply(guard).held()).isEqualTo(3);
  }

  @ParameterizedTest
  @EnumSource(Threshold.class)
  void neverGoesNegative(Threshold t) {
    OverloadGuard guard = guard(1);
    assertThat(t.release.apply(guard).getAsBoolean()).isFalse();
    assertThat(t.counter.apply(guard).held()).isZero();
    assertThat(t.acquire.apply(guard).getAsBoolean()).isTrue();
    assertThat(t.acquire.apply(guard).getAsBoolean())
        .as("release did not raise the limit")
        .isFalse();
  }

  @Test
  void thresholdsAreIndependent() {
    OverloadGuard guard = guard(1);
    assertThat(guard.tryAcquireConnection()).isTrue();
    assertThat(guard.tryAcquirePending()).isTrue();
    assertThat(guard.tryAcquireRequest()).isTrue();
    assertThat(guard.tryAcquireRequest()).isFalse();
  }

  @Test
  void rejectsNonPositiveLimits() {
    assertThatThrownBy(() -> new OverloadGuard(new CircuitBreakerConfig(1, 0, 1, null)))
        .hasMessage("maxPendingRequests: 0 (expected: > 0)");
  }

  @Test
  void concurrentAcquirersNeverExceedTheLimit() throws Exception {
    BoundedCounter counter = new BoundedCounter("maxRequests", 100);
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        Callable<Integer> task =
            () -> {
              start.await();
              int granted = 0;
              for (int n = 0; n < 10_000; n++) {
                if (counter.tryAcquire()) {
                  granted++;
                }
              }
              return granted;
            };
        results.add(pool.submit(task));
      }
      start.countDown();
      int granted = 0;
      for (Future<Integer> f : results) {
        granted += f.get();
      }
      assertThat(granted).isEqualTo(100);
      assertThat(counter.held()).isEqualTo(100);
      assertThat(counter.rejections()).isEqualTo(threads * 10_000L - 100);
    } finally {
      pool.shutdownNow();
    }
  }
}
