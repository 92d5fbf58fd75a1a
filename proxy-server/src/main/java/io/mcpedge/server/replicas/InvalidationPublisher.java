package io.mcpedge.server.replicas;

import io.lettuce.core.api.StatefulRedisConnection;
import io.mcpedge.cache.InvalidationEvent;
import io.mcpedge.server.redis.SharedRedis;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes this replica's invalidations on the channel, asynchronously on the shared command
 * connection: the event loop that caused one never waits. A message Redis does not take is counted,
 * logged once per change of state, and kept (the last {@link #MAX_UNPUBLISHED}) to be published
 * again once the subscription shows Redis is back, so that replicas that stayed connected get it
 * late rather than never (a late invalidation only costs them a miss).
 */
final class InvalidationPublisher {

  private static final Logger log = LoggerFactory.getLogger(InvalidationPublisher.class);

  /** Local events kept for a later publication at most, while Redis does not take them. */
  static final int MAX_UNPUBLISHED = 1_000;

  private static final long REPUBLISH_DELAY_MS = 250;

  private final SharedRedis redis;
  private final String self;
  private final String channel;
  private final byte[] channelBytes;
  private final BusCounters counters;
  private final BooleanSupplier subscribed;
  private final AtomicBoolean failing = new AtomicBoolean();

  /** Messages that could not be published yet, oldest first. */
  private final ConcurrentLinkedQueue<byte[]> unpublished = new ConcurrentLinkedQueue<>();

  private final AtomicInteger unpublishedCount = new AtomicInteger();
  private final AtomicBoolean retryScheduled = new AtomicBoolean();
  private volatile boolean closed;

  /**
   * @param subscribed whether the replica's subscription is up now (Redis answers)
   */
  InvalidationPublisher(
      SharedRedis redis,
      String self,
      String channel,
      BusCounters counters,
      BooleanSupplier subscribed) {
    this.redis = redis;
    this.self = self;
    this.channel = channel;
    this.channelBytes = channel.getBytes(StandardCharsets.UTF_8);
    this.counters = counters;
    this.subscribed = subscribed;
  }

  /** Publishes a local event; returns at once. */
  void publish(InvalidationEvent event) {
    if (!closed) {
      send(
          InvalidationCodec.encode(new InvalidationMessage(self, event))
              .getBytes(StandardCharsets.UTF_8));
    }
  }

  private void send(byte[] text) {
    StatefulRedisConnection<byte[], byte[]> c = redis.connectionNow();
    if (c == null) {
      failed(text, "not connected yet");
      return;
    }
    try {
      c.async()
          .publish(channelBytes, text)
          .whenComplete(
              (receivers, e) -> {
                if (e != null) {
                  failed(text, e.toString());
                } else {
                  counters.published.increment();
                  if (failing.compareAndSet(true, false)) {
                    log.info("redis: publishing invalidations on {} again", channel);
                  }
                }
              });
    } catch (RuntimeException e) {
      failed(text, e.toString());
    }
  }

  private void failed(byte[] text, String why) {
    counters.publishFailures.increment();
    if (failing.compareAndSet(false, true)) {
      log.warn(
          "redis: cannot publish invalidations on {} ({}); kept to be published when Redis is"
              + " back",
          channel,
          why);
    }
    unpublished.add(text);
    if (unpublishedCount.incrementAndGet() > MAX_UNPUBLISHED && unpublished.poll() != null) {
      unpublishedCount.decrementAndGet();
    }
    if (subscribed.getAsBoolean()) {
      // The subscription is up, so Redis is there: the command connection is on its way back.
      scheduleRepublish();
    }
  }

  /** Tries {@link #republish()} again shortly; one timer at a time. */
  private void scheduleRepublish() {
    if (!closed && retryScheduled.compareAndSet(false, true)) {
      redis
          .client()
          .getResources()
          .eventExecutorGroup()
          .schedule(
              () -> {
                retryScheduled.set(false);
                if (subscribed.getAsBoolean()) {
                  republish();
                }
              },
              REPUBLISH_DELAY_MS,
              TimeUnit.MILLISECONDS);
    }
  }

  /** Sends the messages Redis did not take before; those that fail again are kept again. */
  void republish() {
    for (int n = unpublishedCount.get(); n > 0 && !closed; n--) {
      byte[] text = unpublished.poll();
      if (text == null) {
        return;
      }
      unpublishedCount.decrementAndGet();
      send(text);
    }
  }

  void close() {
    closed = true;
  }
}
