package io.mcpedge.server.testing;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Collects the leaks Netty's detectors report. {@link #factory()} makes detectors that report here
 * (and still log as usual).
 */
public final class LeakRecorder {

  private final ConcurrentLinkedQueue<String> leaks = new ConcurrentLinkedQueue<>();

  void record(String resourceType, String records) {
    leaks.add("LEAK of " + resourceType + (records.isEmpty() ? "" : ":\n" + records));
  }

  /** Takes every leak reported so far. */
  public List<String> drain() {
    List<String> out = new ArrayList<>();
    String s;
    while ((s = leaks.poll()) != null) {
      out.add(s);
    }
    return out;
  }

  public boolean isEmpty() {
    return leaks.isEmpty();
  }

  /** A detector factory whose detectors report to this recorder. */
  public ResourceLeakDetectorFactory factory() {
    return new ResourceLeakDetectorFactory() {
      @Override
      @SuppressWarnings("deprecation")
      public <T> ResourceLeakDetector<T> newResourceLeakDetector(
          Class<T> resource, int samplingInterval, long maxActive) {
        return newResourceLeakDetector(resource, samplingInterval);
      }

      @Override
      public <T> ResourceLeakDetector<T> newResourceLeakDetector(
          Class<T> resource, int samplingInterval) {
        ResourceLeakDetector<T> d = new ResourceLeakDetector<>(resource, samplingInterval);
        d.setLeakListener(LeakRecorder.this::record);
        return d;
      }
    };
  }
}
