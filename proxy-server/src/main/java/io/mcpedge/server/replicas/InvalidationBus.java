package io.mcpedge.server.replicas;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.mcpedge.cache.InvalidationEvent;
import io.mcpedge.cache.Invalidations;
import io.mcpedge.server.redis.SharedRedis;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shares purges, bans and write invalidations between the replicas of the edge over a Redis pub/sub
 * channel ({@code <keyPrefix>invalidations}), so that a write or a purge on one replica reaches the
 * stores of all of them within milliseconds instead of when their entries expire.
 *
 * <p>Local events are published on the shared command connection, asynchronously: the event loop
 * that caused one never waits. One that Redis does not take is counted, logged once, and published
 * again when this replica's subscription comes back (at most {@link #MAX_UNPUBLISHED} are kept).
 * Remote events arrive on a pub/sub connection of their own and are applied on one thread of this
 * bus (never on Lettuce's I/O thread, which global rate limits share, nor on an event loop); the
 * store is safe to change from any thread. A message carries its replica's id, and a replica skips
 * its own, and {@link Invalidations#remote} never publishes again: no event goes round.
 *
 * <p>Redis pub/sub delivers at most once: whatever is published while a replica's subscription is
 * down is lost to it. So each time the subscription is (re)established, the replica drops every
 * entry of its store and every answer in flight ({@link Invalidations#dropAll}): it cannot vouch
 * for any of them, since a missed purge or write may have named any URL. This is counted ({@link
 * #resyncs()}) and logged once per change of state.
 */
public final class InvalidationBus implements Invalidations.Listener, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(InvalidationBus.class);

  /** Remote events waiting to be applied at most; beyond, the replica drops everything instead. */
  static final int MAX_PENDING = 10_000;

  /** Local events kept for a later publication at most, while Redis does not take them. */
  static final int MAX_UNPUBLISHED = 1_000;

  private static final long MIN_BACKOFF_MS = 100;
  private static final long REPUBLISH_DELAY_MS = 250;
  private static final long MAX_BACKOFF_MS = 5_000;

  private final SharedRedis redis;
  private final Invalidations invalidations;
  private final String self;
  private final String channel;
  private final byte[] channelBytes;
  private final ThreadPoolExecutor applier;
  private final BusCounters counters = new BusCounters();
  private final AtomicBoolean publishFailing = new AtomicBoolean();

  /** Messages that could not be published yet, oldest first; sent again when Redis is back. */
  private final ConcurrentLinkedQueue<byte[]> unpublished = new ConcurrentLinkedQueue<>();

  private final AtomicInteger unpublishedCount = new AtomicInteger();
  private final AtomicBoolean republishScheduled = new AtomicBoolean();
  private volatile StatefulRedisPubSubConnection<String, String> subscription;
  private volatile boolean up;
  private volatile boolean everUp;
  private volatile boolean closed;

  private InvalidationBus(SharedRedis redis, Invalidations invalidations, String self) {
    this.redis = redis;
    this.invalidations = invalidations;
    this.self = self;
    this.channel = redis.keyPrefix() + "invalidations";
    this.channelBytes = channel.getBytes(StandardCharsets.UTF_8);
    this.applier =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(MAX_PENDING),
            r -> {
              Thread t = new Thread(r, "edge-invalidations");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Subscribes in the background (retrying until Redis answers) and becomes {@code invalidations}'
   * listener; never blocks.
   *
   * @param self this replica's id ({@link ReplicaId})
   */
  public static InvalidationBus start(SharedRedis redis, Invalidations invalidations, String self) {
    InvalidationBus bus = new InvalidationBus(redis, invalidations, self);
    invalidations.listener(bus);
    bus.connect(MIN_BACKOFF_MS);
    return bus;
  }

  /** Publishes a local event; called on the thread that caused it, returns at once. */
  @Override
  public void invalidated(InvalidationEvent event) {
    if (closed) {
      return;
    }
    publish(
        InvalidationCodec.encode(new InvalidationMessage(self, event))
            .getBytes(StandardCharsets.UTF_8));
  }

  private void publish(byte[] text) {
    StatefulRedisConnection<byte[], byte[]> c = redis.connectionNow();
    if (c == null) {
      publishFailed(text, "not connected yet");
      return;
    }
    c.async()
        .publish(channelBytes, text)
        .whenComplete(
            (receivers, e) -> {
              if (e != null) {
                publishFailed(text, e.toString());
              } else {
                counters.published.increment();
                if (publishFailing.compareAndSet(true, false)) {
                  log.info("redis: publishing invalidations on {} again", channel);
                }
              }
            });
  }

  /**
   * Keeps a message that Redis did not take, so that the replicas that stayed subscribed get it
   * late rather than never (a late invalidation only drops an entry that may have been refilled);
   * beyond {@link #MAX_UNPUBLISHED} the oldest is given up.
   */
  private void publishFailed(byte[] text, String why) {
    counters.publishFailures.increment();
    unpublished.add(text);
    if (unpublishedCount.incrementAndGet() > MAX_UNPUBLISHED && unpublished.poll() != null) {
      unpublishedCount.decrementAndGet();
    }
    if (up) {
      // The subscription is up, so Redis is there: the command connection is on its way back.
      scheduleRepublish();
    }
    if (publishFailing.compareAndSet(false, true)) {
      log.warn(
          "redis: cannot publish invalidations on {} ({}); other replicas will drop their caches"
              + " when they see Redis again, this one keeps serving",
          channel,
          why);
    }
  }

  private void connect(long backoffMs) {
    if (closed) {
      return;
    }
    redis
        .client()
        .connectPubSubAsync(StringCodec.UTF8, redis.uri())
        .whenComplete(
            (c, e) -> {
              if (e != null) {
                if (backoffMs == MIN_BACKOFF_MS) {
                  log.warn("redis: cannot subscribe to {} ({}); retrying", channel, e.toString());
                }
                redis
                    .client()
                    .getResources()
                    .eventExecutorGroup()
                    .schedule(
                        () -> connect(Math.min(backoffMs * 2, MAX_BACKOFF_MS)),
                        backoffMs,
                        TimeUnit.MILLISECONDS);
                return;
              }
              if (closed) {
                c.closeAsync();
                return;
              }
              subscription = c;
              c.addListener(new Listener());
              c.addListener(new ConnectionState());
              subscribe(c, MIN_BACKOFF_MS);
            });
  }

  /** Lettuce subscribes again by itself after a reconnect; this is the first subscription. */
  private void subscribe(StatefulRedisPubSubConnection<String, String> c, long backoffMs) {
    c.async()
        .subscribe(channel)
        .whenComplete(
            (ok, e) -> {
              if (e != null && !closed && c.isOpen()) {
                redis
                    .client()
                    .getResources()
                    .eventExecutorGroup()
                    .schedule(
                        () -> subscribe(c, Math.min(backoffMs * 2, MAX_BACKOFF_MS)),
                        backoffMs,
                        TimeUnit.MILLISECONDS);
              }
            });
  }

  /** Tries {@link #republish()} again shortly; one timer at a time. */
  private void scheduleRepublish() {
    if (!closed && republishScheduled.compareAndSet(false, true)) {
      redis
          .client()
          .getResources()
          .eventExecutorGroup()
          .schedule(
              () -> {
                republishScheduled.set(false);
                if (up && !closed) {
                  republish();
                }
              },
              REPUBLISH_DELAY_MS,
              TimeUnit.MILLISECONDS);
    }
  }

  /** Sends the messages Redis did not take before; those that fail again wait for the next time. */
  private void republish() {
    for (int n = unpublishedCount.get(); n > 0; n--) {
      byte[] text = unpublished.poll();
      if (text == null) {
        return;
      }
      unpublishedCount.decrementAndGet();
      publish(text);
    }
  }

  /** The subscription is (again) in place: from now on nothing is missed; forget the rest. */
  private void onSubscribed() {
    boolean again = everUp;
    up = true;
    everUp = true;
    republish();
    try {
      applier.execute(
          () -> {
            int dropped = invalidations.dropAll();
            if (again) {
              counters.resyncs.increment();
              log.warn(
                  "redis: subscribed to {} again; dropped {} cached keys this replica cannot vouch"
                      + " for (invalidations published meanwhile were lost to it)",
                  channel,
                  dropped);
            } else {
              log.info("redis: subscribed to {} (replica {})", channel, self);
            }
          });
    } catch (RejectedExecutionException e) {
      overflow();
    }
  }

  private void onDisconnected() {
    if (up && !closed) {
      up = false;
      log.warn(
          "redis: lost the subscription to {}; serving from this replica's cache until it is back,"
              + " then dropping it",
          channel);
    }
  }

  private void onMessage(String text) {
    InvalidationMessage m;
    try {
      m = InvalidationCodec.decode(text);
    } catch (IllegalArgumentException e) {
      counters.malformed.increment();
      log.debug("redis: ignored a message on {}: {}", channel, e.getMessage());
      return;
    }
    if (m.from().equals(self)) {
      counters.own.increment();
      return;
    }
    counters.received.increment();
    try {
      applier.execute(() -> invalidations.remote(m.event()));
    } catch (RejectedExecutionException e) {
      overflow();
    }
  }

  /** More remote events than one thread keeps up with: what is queued cannot be vouched for. */
  private void overflow() {
    if (closed) {
      return;
    }
    counters.resyncs.increment();
    int dropped = invalidations.dropAll();
    log.warn(
        "redis: more than {} invalidations waiting; dropped {} cached keys", MAX_PENDING, dropped);
  }

  /** Whether the subscription is in place now. */
  public boolean up() {
    return up;
  }

  /** The channel's name. */
  public String channel() {
    return channel;
  }

  /** This replica's id, as its messages carry it. */
  public String replicaId() {
    return self;
  }

  /** What the bus has done since it started (for metrics and tests). */
  public BusCounters counters() {
    return counters;
  }

  /** Times the replica dropped its cache because it may have missed invalidations. */
  public long resyncs() {
    return counters.resyncs.sum();
  }

  /** Unsubscribes and stops the applying thread; the client's owner closes the connections. */
  @Override
  public void close() {
    closed = true;
    invalidations.listener(Invalidations.Listener.NONE);
    StatefulRedisPubSubConnection<String, String> c = subscription;
    if (c != null) {
      c.closeAsync();
    }
    applier.shutdownNow();
  }

  private final class Listener extends RedisPubSubAdapter<String, String> {
    @Override
    public void message(String ch, String message) {
      if (channel.equals(ch)) {
        onMessage(message);
      }
    }

    @Override
    public void subscribed(String ch, long count) {
      if (channel.equals(ch)) {
        onSubscribed();
      }
    }
  }

  private final class ConnectionState implements RedisConnectionStateListener {
    @Override
    public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
      onDisconnected();
    }
  }
}
