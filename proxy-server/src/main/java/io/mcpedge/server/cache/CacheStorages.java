package io.mcpedge.server.cache;

import io.mcpedge.cache.BodyStorage;
import io.mcpedge.cache.HeapBudget;
import io.mcpedge.cache.HttpCache;
import io.mcpedge.core.config.CacheConfig;
import io.mcpedge.core.config.CacheStorage;
import io.netty.buffer.ByteBufAllocator;
import java.time.InstantSource;

/** Builds the process's cache with its bodies where {@code cache.storage} says. */
public final class CacheStorages {

  private CacheStorages() {}

  /**
   * The cache, maintained inline so that {@code maxSize} is never exceeded. With {@code direct}
   * storage the bodies come from {@code alloc}'s direct pools, and the entries' heap share is
   * bounded by what the heap holds beside the proxy ({@link HeapBudget#cacheLimit()}).
   */
  public static HttpCache newCache(
      CacheConfig config, InstantSource clock, ByteBufAllocator alloc) {
    if (config.storage() == CacheStorage.HEAP) {
      return new HttpCache(config, CacheFilter.STALE_RETENTION, clock, Runnable::run);
    }
    long maxSize = config.maxSize().bytes();
    HeapBudget heap =
        new HeapBudget(Runtime.getRuntime().maxMemory(), config.maxObjectSize().bytes());
    long heapShare = Math.max(1, Math.min(maxSize, heap.cacheLimit()));
    BodyStorage storage = new PooledBodyStorage(alloc);
    return new HttpCache(
        config, CacheFilter.STALE_RETENTION, clock, Runnable::run, storage, heapShare);
  }
}
