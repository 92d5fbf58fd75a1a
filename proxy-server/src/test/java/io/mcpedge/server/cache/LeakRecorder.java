package io.mcpedge.server.cache;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reports a leaked buffer. Must be installed before the first buffer
 * class is initialised, which {@link BeforeAllCallback} does for a test JVM that starts the proxy
 * in its test classes.
 */
final class LeakRecorder implements BeforeAllCallback, AfterAllCallback {

  private static final List<String> LEAKS = new CopyOnWriteArrayList<>();

  static {
    ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(
        new ResourceLeakDetectorFactory() {
          @Override
          public <T> ResourceLeakDetector<T> newResourceLeakDetector(
              Class<T> resource, int samplingInterval, long maxActive) {
            return new ResourceLeakDetector<T>(resource, samplingInterval) {
              @Override
              protected void reportTracedLeak(String type, String records) {
                LEAKS.add(type + records);
                super.reportTracedLeak(type, records);
              }

              @Override
              protected void reportUntracedLeak(String type) {
                LEAKS.add(type);
                super.reportUntracedLeak(type);
              }
            };
          }
        });
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    LEAKS.clear();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    // Leaks are reported when a later buffer is tracked after the leaked one was collected.
    for (int i = 0; i < 3; i++) {
      System.gc();
      for (int j = 0; j < 200; j++) {
        ByteBuf b = PooledByteBufAllocator.DEFAULT.buffer(16);
        b.release();
      }
    }
    if (!LEAKS.isEmpty()) {
      throw new AssertionError("Netty reported leaked buffers:\n" + String.join("\n", LEAKS));
    }
  }
}
