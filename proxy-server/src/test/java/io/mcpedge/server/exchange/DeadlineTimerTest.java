package io.mcpedge.server.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class DeadlineTimerTest {

  private final EmbeddedChannel ch = new EmbeddedChannel();
  private long now;
  private final DeadlineTimer timer;

  DeadlineTimerTest() {
    ch.freezeTime();
    timer = new DeadlineTimer(ch.eventLoop(), () -> now);
  }

  @AfterEach
  void close() {
    ch.finishAndReleaseAll();
  }

  private void advanceTo(long t) {
    ch.advanceTimeBy(t - now, TimeUnit.NANOSECONDS);
    now = t;
    ch.runScheduledPendingTasks();
  }

  /** An owner with one deadline, like an exchange's request timeout. */
  private final class Owner implements DeadlineTimer.Owner {
    final long deadline;
    final List<Long> checks = new ArrayList<>();
    long expiredAt = -1;
    boolean stopped;
    Runnable onExpiry = () -> {};

    Owner(long deadline) {
      this.deadline = deadline;
      timer.add(this, deadline);
    }

    void stop() {
      stopped = true;
      timer.release(this);
    }

    @Override
    public void checkDeadlines() {
      if (stopped) {
        return;
      }
      checks.add(now);
      if (now >= deadline) {
        expiredAt = now;
        stop();
        onExpiry.run();
      } else {
        timer.arm(deadline);
      }
    }
  }

  @Test
  void concurrentOwnersEachExpireAtTheirOwnDeadline() {
    Owner late = new Owner(300);
    Owner early = new Owner(100);
    Owner middle = new Owner(200);
    advanceTo(99);
    assertThat(early.checks).isEmpty();
    advanceTo(100);
    assertThat(early.expiredAt).isEqualTo(100);
    assertThat(middle.expiredAt).isEqualTo(-1);
    advanceTo(250);
    assertThat(middle.expiredAt).isEqualTo(250);
    assertThat(late.expiredAt).isEqualTo(-1);
    advanceTo(300);
    assertThat(late.expiredAt).isEqualTo(300);
    assertThat(timer.owners()).isZero();
  }

  @Test
  void aReleasedOwnerIsNeverCheckedAndTheOthersStillAre() {
    Owner gone = new Owner(100);
    Owner stays = new Owner(150);
    gone.stop();
    assertThat(timer.owners()).isEqualTo(1);
    advanceTo(100);
    advanceTo(150);
    assertThat(gone.checks).isEmpty();
    assertThat(stays.expiredAt).isEqualTo(150);
  }

  @Test
  void anExpiryThatStopsOtherOwnersDuringTheCheckLeavesNoneBehind() {
    Owner first = new Owner(100);
    Owner second = new Owner(100);
    Owner third = new Owner(500);
    first.onExpiry = () -> third.stop(); // as a stream reset ending a sibling's exchange
    advanceTo(100);
    assertThat(first.expiredAt).isEqualTo(100);
    assertThat(second.expiredAt).isEqualTo(100);
    advanceTo(500);
    assertThat(third.checks).isEmpty();
    assertThat(timer.owners()).isZero();
  }

  @Test
  void successiveOwnersShareTheCheckArmedForTheFirst() {
    for (int i = 0; i < 100; i++) {
      new Owner(1_000 + i).stop(); // the exchanges of a keep-alive connection, each quick
    }
    assertThat(timer.owners()).isZero();
    Owner last = new Owner(2_000);
    advanceTo(1_000); // the check armed for the first runs, finds the last, re-arms for it
    assertThat(last.checks).containsExactly(1_000L);
    advanceTo(2_000);
    assertThat(last.expiredAt).isEqualTo(2_000);
  }

  @Test
  void cancelDropsEveryOwnerAndThePendingCheck() {
    Owner a = new Owner(100);
    Owner b = new Owner(200);
    timer.cancel();
    assertThat(timer.owners()).isZero();
    advanceTo(300);
    assertThat(a.checks).isEmpty();
    assertThat(b.checks).isEmpty();
  }

  @Test
  void manyOwnersGrowTheTableAndAllExpire() {
    List<Owner> owners = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      owners.add(new Owner(100 + i));
    }
    advanceTo(200);
    assertThat(owners).allSatisfy(o -> assertThat(o.expiredAt).isEqualTo(200));
  }
}
