package io.mcpedge.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpedge.cache.Coalescer.Outcome;
import io.mcpedge.cache.Coalescer.Role;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CoalescerTest {

  private final FakeClock clock = new FakeClock();
  private final Coalescer<String> coalescer = new Coalescer<>(Duration.ofSeconds(10), 1000, clock);

  @ParameterizedTest
  @EnumSource(
      value = Outcome.class,
      names = {"STORED", "UNCACHEABLE", "FAILED", "SUPERSEDED"})
  void followersLearnTheOutcomeOnTheirExecutor(Outcome outcome) {
    Coalescer.Join<String> leader = coalescer.join("k");
    assertThat(leader.role()).isEqualTo(Role.LEADER);
    List<Runnable> loop = new ArrayList<>();
    List<Outcome> seen = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Coalescer.Join<String> f = coalescer.join("k");
      assertThat(f.role()).isEqualTo(Role.FOLLOWER);
      f.flight().follow(loop::add, seen::add);
    }
    assertThat(leader.flight().waiting()).isEqualTo(3);
    leader.flight().complete(outcome);
    assertThat(seen).isEmpty();
    loop.forEach(Runnable::run);
    assertThat(seen).containsExactly(outcome, outcome, outcome);
    assertThat(coalescer.inFlight()).isZero();
  }

  @Test
  void uncacheableKeysGoAloneForAWhile() {
    coalescer.join("k").flight().complete(Outcome.UNCACHEABLE);
    assertThat(coalescer.join("k").role()).isEqualTo(Role.ALONE);
    assertThat(coalescer.join("other").role()).isEqualTo(Role.LEADER);
    clock.advanceSeconds(9);
    assertThat(coalescer.join("k").role()).isEqualTo(Role.ALONE);
    clock.advanceSeconds(2);
    assertThat(coalescer.join("k").role()).isEqualTo(Role.LEADER);
  }

  @Test
  void supersededAnswersKeepTheKeyCoalescing() {
    coalescer.join("k").flight().complete(Outcome.SUPERSEDED);
    assertThat(coalescer.join("k").role()).isEqualTo(Role.LEADER);
  }

  @Test
  void waitingCountsFollowersOfEveryFlight() {
    Flight<String> a = coalescer.join("a").flight();
    coalescer.join("a").flight().follow(Runnable::run, o -> {});
    coalescer.join("b");
    Flight<String>.Waiter w = coalescer.join("b").flight().follow(Runnable::run, o -> {});
    assertThat(coalescer.waiting()).isEqualTo(2);
    w.cancel();
    a.complete(Outcome.STORED);
    assertThat(coalescer.waiting()).isZero();
    assertThat(coalescer.inFlight()).isEqualTo(1);
  }

  @Test
  void cacheableForgetsUncacheable() {
    coalescer.join("k").flight().complete(Outcome.UNCACHEABLE);
    coalescer.cacheable("k");
    assertThat(coalescer.join("k").role()).isEqualTo(Role.LEADER);
  }

  @Test
  void afterLandingTheNextMissLeadsAgain() {
    coalescer.join("k").flight().complete(Outcome.STORED);
    assertThat(coalescer.join("k").role()).isEqualTo(Role.LEADER);
  }

  @Test
  void timeoutFiresOnceAndDetaches() {
    Coalescer.Join<String> leader = coalescer.join("k");
    List<Outcome> seen = new ArrayList<>();
    Flight<String>.Waiter w = coalescer.join("k").flight().follow(Runnable::run, seen::add);
    assertThat(w.timeout()).isTrue();
    assertThat(w.timeout()).isFalse();
    assertThat(leader.flight().waiting()).isZero();
    leader.flight().complete(Outcome.STORED);
    assertThat(seen).containsExactly(Outcome.TIMED_OUT);
  }

  @Test
  void timeoutAfterOutcomeIsTooLate() {
    Coalescer.Join<String> leader = coalescer.join("k");
    List<Outcome> seen = new ArrayList<>();
    Flight<String>.Waiter w = coalescer.join("k").flight().follow(Runnable::run, seen::add);
    leader.flight().complete(Outcome.FAILED);
    assertThat(w.timeout()).isFalse();
    assertThat(seen).containsExactly(Outcome.FAILED);
  }

  @Test
  void cancelledFollowerHearsNothing() {
    Coalescer.Join<String> leader = coalescer.join("k");
    List<Outcome> seen = new ArrayList<>();
    Flight<String>.Waiter w = coalescer.join("k").flight().follow(Runnable::run, seen::add);
    assertThat(w.cancel()).isTrue();
    leader.flight().complete(Outcome.STORED);
    assertThat(seen).isEmpty();
  }

  @Test
  void followingALandedFlightFiresAtOnce() {
    Coalescer.Join<String> leader = coalescer.join("k");
    Coalescer.Join<String> late = coalescer.join("k");
    leader.flight().complete(Outcome.STORED);
    leader.flight().complete(Outcome.FAILED);
    List<Outcome> seen = new ArrayList<>();
    late.flight().follow(Runnable::run, seen::add);
    assertThat(seen).containsExactly(Outcome.STORED);
  }

  @Test
  void leaderCannotCompleteWithTimeout() {
    assertThatThrownBy(() -> coalescer.join("k").flight().complete(Outcome.TIMED_OUT))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void preconditions() {
    assertThatThrownBy(() -> new Coalescer<>(Duration.ofSeconds(-1), 1, clock))
        .hasMessage("uncacheableMemory: PT-1S (expected: >= 0)");
    assertThatThrownBy(() -> new Coalescer<>(Duration.ZERO, 0, clock))
        .hasMessage("maxRemembered: 0 (expected: > 0)");
  }

  @Test
  void stampedeOf500ConcurrentMissesHasOneLeader() throws Exception {
    int n = 500;
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch start = new CountDownLatch(1);
      CountDownLatch answered = new CountDownLatch(n - 1);
      AtomicInteger leaders = new AtomicInteger();
      ConcurrentLinkedQueue<Flight<String>> leaderFlights = new ConcurrentLinkedQueue<>();
      ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
      List<Future<?>> joins = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        joins.add(
            pool.submit(
                () -> {
                  start.await();
                  Coalescer.Join<String> j = coalescer.join("hot");
                  if (j.role() == Role.LEADER) {
                    leaders.incrementAndGet();
                    leaderFlights.add(j.flight());
                  } else {
                    j.flight()
                        .follow(
                            pool,
                            o -> {
                              outcomes.add(o);
                              answered.countDown();
                            });
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : joins) {
        f.get(30, TimeUnit.SECONDS);
      }
      assertThat(leaders.get()).isEqualTo(1);
      leaderFlights.peek().complete(Outcome.STORED);
      assertThat(answered.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(outcomes).hasSize(n - 1).containsOnly(Outcome.STORED);
    } finally {
      pool.shutdownNow();
    }
  }
}
