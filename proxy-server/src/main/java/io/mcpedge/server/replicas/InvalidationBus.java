package io.mcpedge.server.replicas;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.mcpedge.cache.InvalidationEvent;
import io.mcpedge.cache.Invalidations;
import io.mcpedge.server.redis.SharedRedis;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shares purges, bans and write invalidations between the replicas of the edge over a Redis pub/sub
 * channel ({@code <keyPrefix>invalidations}), so that a write or a purge on one replica reaches the
 * stores of all of them within milliseconds instead of when their entries expire.
 *
 * <p>Local events go out through an {@link InvalidationPublisher}, which never holds the event loop
 * that caused them. Remote events arrive on a pub/sub connection of their own and are applied on
 * one thread of this bus (never on Lettuce's I/O thread, which global rate limits share, nor on an
 * event loop); the store is safe to change from any thread. A message carries its replica's id, and
 * a replica skips its own, and {@link Invalidations#remote} never publishes again: no event goes
 * round.
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

  private static final long MIN_BACKOFF_MS = 100;
  private static final long MAX_BACKOFF_MS = 5_000;

  private final SharedRedis redis;
  private final Invalidations invalidations;
  private final String self;
  private final String channel;
  private final ThreadPoolExecutor applier;
  private final BusCounters counters = new BusCounters();
  private final InvalidationPublisher publisher;
  private volatile StatefulRedisPubSubConnection<String, String> subscription;
  private volatile boolean up;
  private volatile boolean everUp;
  private volatile boolean closed;

  private InvalidationBus(SharedRedis redis, Invalidations invalidations, String self) {
    this.redis = redis;
    this.invalidations = invalidations;
    this.self = self;
    this.channel = redis.keyPrefix() + "invalidations";
    this.publisher = new InvalidationPublisher(redis, self, channel, counters, () -> up);
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
    if (!closed) {
      publisher.publish(event);
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

  /** The subscription is (again) in place: from now on nothing is missed; forget the rest. */
  private void onSubscribed() {
    boolean again = everUp;
    up = true;
    everUp = true;
    publisher.republish();
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
    publisher.close();
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
