package io.mcpedge.server.redis;

import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Redis answers, and how many replicas share it: each replica refreshes its own member of
 * one sorted set ({@code <keyPrefix>replicas}) every second, scored with its expiry by Redis's own
 * clock, and the same script drops expired members and counts the rest. A replica that stops is
 * forgotten after {@link #TTL}. One script call per second and replica, whatever the traffic.
 *
 * <p>The state is what global rate limits read on every request (two volatile reads): Redis is
 * <em>down</em> from the first failed command, heartbeat or dropped connection, and <em>up</em>
 * again when a heartbeat succeeds. Each change is logged once.
 */
public final class LiveReplicas implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LiveReplicas.class);

  /** How often a replica says it is alive. */
  static final Duration INTERVAL = Duration.ofSeconds(1);

  /** How long a replica counts after its last heartbeat. */
  static final Duration TTL = Duration.ofSeconds(3);

  private static final String HEARTBEAT =
      "local t = redis.call('TIME')\n"
          + "local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)\n"
          + "redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])\n"
          + "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)\n"
          + "redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 2)\n"
          + "return redis.call('ZCARD', KEYS[1])";

  private final SharedRedis redis;
  private final byte[] key;
  private final byte[] id;
  private final byte[] ttlMs = Long.toString(TTL.toMillis()).getBytes(StandardCharsets.US_ASCII);
  private volatile boolean up;
  private volatile int count = 1;
  private volatile boolean closed;
  private ScheduledFuture<?> beat;

  LiveReplicas(SharedRedis redis) {
    this.redis = redis;
    this.key = (redis.keyPrefix() + "replicas").getBytes(StandardCharsets.UTF_8);
    this.id = UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII);
  }

  void start() {
    redis
        .client()
        .addListener(
            new RedisConnectionStateListener() {
              @Override
              public void onRedisDisconnected(io.lettuce.core.RedisChannelHandler<?, ?> c) {
                markDown("connection lost");
              }

              @Override
              public void onRedisConnected(
                  io.lettuce.core.RedisChannelHandler<?, ?> c, SocketAddress address) {
                if (!closed) {
                  redis.resources().eventExecutorGroup().execute(LiveReplicas.this::heartbeat);
                }
              }
            });
    beat =
        redis
            .resources()
            .eventExecutorGroup()
            .scheduleAtFixedRate(this::heartbeat, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** True while Redis answers: global limits ask it; false while they fall back. */
  public boolean up() {
    return up;
  }

  /** The replicas seen alive at the last heartbeat (this one included; 1 before any). */
  public int count() {
    return count;
  }

  /** Records that a Redis command failed; logs only when this changes the state. */
  public void markDown(Object cause) {
    if (up) {
      up = false;
      log.warn(
          "redis: unavailable ({}); global rate limits fall back until it answers",
          String.valueOf(cause));
    }
  }

  private void heartbeat() {
    StatefulRedisConnection<byte[], byte[]> c = redis.connectionNow();
    if (closed || c == null) {
      return;
    }
    c.async()
        .<Long>eval(HEARTBEAT, ScriptOutputType.INTEGER, new byte[][] {key}, id, ttlMs)
        .whenComplete(
            (n, e) -> {
              if (e != null) {
                markDown(e);
                return;
              }
              count = (int) Math.max(1, n);
              if (!up && !closed) {
                up = true;
                log.info("redis: answering; global rate limits are global again ({} replicas)", n);
              }
            });
  }

  /** Stops the heartbeat and leaves the set, so that the others' share grows at once. */
  @Override
  public void close() {
    closed = true;
    up = false;
    if (beat != null) {
      beat.cancel(false);
    }
    StatefulRedisConnection<byte[], byte[]> c = redis.connectionNow();
    if (c != null && c.isOpen()) {
      try {
        c.async().zrem(key, id).get(redis.commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        // Best effort: the entry expires after TTL anyway.
      }
    }
  }
}
