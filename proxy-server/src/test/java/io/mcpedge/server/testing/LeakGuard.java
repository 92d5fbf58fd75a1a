package io.mcpedge.server.testing;

import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reported a leaked buffer while it ran. Registered for every test
 * class through JUnit's extension auto-detection. It installs a detector factory before any Netty
 * buffer class is loaded (the extension is loaded before any test class), and after each class
 * provokes detection: collects garbage and allocates a few buffers, since detectors look for leaks
 * only when they track a new object.
 */
public final class LeakGuard implements BeforeAllCallback, AfterAllCallback {

  private static final int ROUNDS = 8;
  private static final int ALLOCATIONS_PER_ROUND = 64;

  /** The process-wide recorder; Netty's factory is process-wide too. */
  static final LeakRecorder GLOBAL = install();

  private static LeakRecorder install() {
    LeakRecorder r = new LeakRecorder();
    ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(r.factory());
    return r;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    List<String> earlier = GLOBAL.drain();
    if (!earlier.isEmpty()) {
      fail("buffer leaks reported before " + context.getDisplayName() + ":\n" + earlier);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    provokeDetection();
    List<String> leaks = GLOBAL.drain();
    if (!leaks.isEmpty()) {
      fail(leaks.size() + " buffer leak(s) in " + context.getDisplayName() + ":\n" + leaks);
    }
  }

  /** GC, then allocate so that detectors poll their reference queues; bounded in count. */
  public static void provokeDetection() {
    for (int round = 0; round < ROUNDS; round++) {
      System.gc();
      for (int i = 0; i < ALLOCATIONS_PER_ROUND; i++) {
        ByteBuf a = PooledByteBufAllocator.DEFAULT.directBuffer(8);
        ByteBuf b = UnpooledByteBufAllocator.DEFAULT.heapBuffer(8);
        a.release();
        b.release();
      }
    }
  }
}
