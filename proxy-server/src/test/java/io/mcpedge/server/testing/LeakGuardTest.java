package io.mcpedge.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakTracker;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Proves that a leak is caught: leaks in an isolated detector, never the global one. */
class LeakGuardTest {

  /** A resource type of its own, so that its detector is separate from Netty's. */
  static final class Leaky {}

  @Test
  void aLeakReportedByADetectorIsRecorded() {
    LeakRecorder isolated = new LeakRecorder();
    ResourceLeakDetector<Leaky> detector =
        isolated.factory().newResourceLeakDetector(Leaky.class, 1);
    leakOne(detector);

    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              System.gc();
              Leaky probe = new Leaky();
              ResourceLeakTracker<Leaky> t = detector.track(probe); // polls the queue
              if (t != null) {
                t.close(probe);
              }
              return !isolated.isEmpty();
            });

    assertThat(isolated.drain()).singleElement().asString().contains(Leaky.class.getSimpleName());
    assertThat(LeakGuard.GLOBAL.isEmpty()).as("the global recorder stays clean").isTrue();
  }

  @Test
  void theBufferLeakDetectorInUseReportsToTheGuard() throws Exception {
    java.lang.reflect.Field detectorField =
        Class.forName("io.netty.buffer.AbstractByteBuf").getDeclaredField("leakDetector");
    detectorField.setAccessible(true);
    Object detector = detectorField.get(null);
    java.lang.reflect.Field listener = ResourceLeakDetector.class.getDeclaredField("leakListener");
    listener.setAccessible(true);
    assertThat(listener.get(detector))
        .as("the guard's factory made Netty's ByteBuf leak detector")
        .isNotNull();
  }

  private static void leakOne(ResourceLeakDetector<Leaky> detector) {
    ResourceLeakTracker<Leaky> tracker = detector.track(new Leaky());
    assertThat(tracker).as("paranoid leak detection is on").isNotNull();
    tracker.record("opened and never closed");
  }
}
