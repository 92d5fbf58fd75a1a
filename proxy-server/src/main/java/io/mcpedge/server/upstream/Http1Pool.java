package io.mcpedge.server.upstream;

import io.mcpedge.core.config.PoolConfig;
import io.mcpedge.core.policy.overload.OverloadGuard;
import io.mcpedge.server.channel.PipelineNames;
import io.mcpedge.server.codec.UpstreamHttpCodec;
import io.mcpedge.server.time.Scheduler;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Set;

/**
 * A bounded pool of HTTP/1.1 keep-alive connections to one endpoint from one event loop. A
 * connection is reused only after a complete response to a completely sent request that did not say
 * {@code Connection: close}, and only when its codec says that answer was framed completely with
 * nothing unread after it ({@link UpstreamHttpCodec#isReusable}); connections the server closes
 * leave the pool at once, and idle ones close after {@code idleTimeout}. Requests beyond {@code
 * maxConnections} wait in order.
 */
final class Http1Pool implements ConnectionPool {

  private record Idle(Channel channel, long since) {}

  private final EventLoop loop;
  private final Bootstrap bootstrap;
  private final int maxConnections;
  private final int maxIdle;
  private final long idleTimeoutNanos;
  private final Scheduler scheduler;
  private final OverloadGuard guard;
  private final UpstreamObserver observer;
  private final ArrayDeque<Idle> idle = new ArrayDeque<>();
  private final ArrayDeque<LeaseCallback> waiters = new ArrayDeque<>();
  private final Set<Channel> detached = Collections.newSetFromMap(new IdentityHashMap<>());
  private int open;
  private boolean sweepScheduled;
  private boolean closed;

  /**
   * @param guard the upstream's process-wide {@code maxConnections}, or {@code null}: past it a
   *     request waits for one of this pool's connections, or fails when the pool has none
   * @param observer told how many connections are idle
   */
  Http1Pool(
      EventLoop loop,
      Bootstrap bootstrap,
      PoolConfig config,
      Scheduler scheduler,
      OverloadGuard guard,
      UpstreamObserver observer) {
    this.loop = loop;
    this.bootstrap = bootstrap;
    this.maxConnections = config.maxConnections();
    this.maxIdle = config.maxIdle();
    this.idleTimeoutNanos = config.idleTimeout().toNanos();
    this.scheduler = scheduler;
    this.guard = guard;
    this.observer = observer;
  }

  @Override
  public void acquire(LeaseCallback cb) {
    Idle i;
    while ((i = idle.pollLast()) != null) {
      observer.idleConnections(-1);
      if (i.channel.isActive()) {
        cb.onLease(new H1Lease(i.channel));
        return;
      }
    }
    if (open >= maxConnections || !tryConnect(cb)) {
      waiters.add(cb);
    }
  }

  /**
   * Opens a connection for {@code cb} when the upstream's threshold allows. When it does not, the
   * caller queues {@code cb} if this pool has a connection to wait for; otherwise {@code cb} fails
   * at once (and this returns true: it was dealt with).
   */
  private boolean tryConnect(LeaseCallback cb) {
    if (guard == null || guard.tryAcquireConnection()) {
      connect(cb);
      return true;
    }
    if (open > 0) {
      return false;
    }
    cb.onLeaseFailed(Overload.CONNECTIONS);
    return true;
  }

  private void connect(LeaseCallback cb) {
    open++;
    ChannelFuture f = bootstrap.connect();
    Channel ch = f.channel();
    ch.closeFuture().addListener(x -> onClosed(ch));
    f.addListener(
        x -> {
          if (x.isSuccess()) {
            if (cb.isCancelled()) {
              release(ch, true);
            } else {
              cb.onLease(new H1Lease(ch));
            }
          } else {
            cb.onLeaseFailed(x.cause());
          }
        });
  }

  private void release(Channel ch, boolean reusable) {
    if (!reusable || !ch.isActive() || !framedCleanly(ch)) {
      ch.close();
      return;
    }
    // Waiters first, even in a closed pool: they are exchanges that started before it closed.
    LeaseCallback w;
    while ((w = waiters.poll()) != null) {
      if (!w.isCancelled()) {
        w.onLease(new H1Lease(ch));
        return;
      }
    }
    if (closed || idle.size() >= maxIdle) {
      ch.close();
      return;
    }
    idle.addLast(new Idle(ch, scheduler.getAsLong()));
    observer.idleConnections(1);
    ch.read(); // notice at once when the server closes an idle connection
    if (!sweepScheduled) {
      sweepScheduled = true;
      scheduler.schedule(loop, this::sweep, idleTimeoutNanos);
    }
  }

  /** The codec's word that the last answer ended where the next one may begin. */
  private static boolean framedCleanly(Channel ch) {
    return ch.pipeline().get(PipelineNames.HTTP_CODEC) instanceof UpstreamHttpCodec codec
        && codec.isReusable();
  }

  private void onClosed(Channel ch) {
    if (guard != null) {
      guard.releaseConnection();
    }
    if (detached.remove(ch)) {
      return; // no longer counted here
    }
    open--;
    for (Iterator<Idle> it = idle.iterator(); it.hasNext(); ) {
      if (it.next().channel == ch) {
        it.remove();
        observer.idleConnections(-1);
        break;
      }
    }
    serveWaiters();
  }

  /** A leased connection leaves the pool for good (see {@link Lease#detach()}). */
  private void detach(Channel ch) {
    if (ch.isActive() && detached.add(ch)) {
      open--;
      serveWaiters();
    }
  }

  private void serveWaiters() {
    LeaseCallback w;
    while (open < maxConnections && (w = waiters.poll()) != null) {
      if (!w.isCancelled() && !tryConnect(w)) {
        waiters.addFirst(w);
        break;
      }
    }
  }

  private void sweep() {
    sweepScheduled = false;
    long now = scheduler.getAsLong();
    Idle oldest;
    while ((oldest = idle.peekFirst()) != null && now - oldest.since >= idleTimeoutNanos) {
      idle.pollFirst().channel.close();
      observer.idleConnections(-1);
    }
    if (!idle.isEmpty()) {
      sweepScheduled = true;
      long wait = idleTimeoutNanos - (now - idle.peekFirst().since);
      scheduler.schedule(loop, this::sweep, Math.max(wait, 1));
    }
  }

  /**
   * Closes the idle connections now and every other one when its exchange ends. An exchange that
   * started before the close (a config reload retired the upstream) may still acquire: it gets a
   * connection, which closes after it.
   */
  @Override
  public void close() {
    closed = true;
    Idle i;
    while ((i = idle.pollFirst()) != null) {
      observer.idleConnections(-1);
      i.channel.close();
    }
  }

  private final class H1Lease implements Lease {
    private final Channel ch;
    private boolean released;
    private boolean leftPool;

    H1Lease(Channel ch) {
      this.ch = ch;
    }

    @Override
    public void detach() {
      if (!released && !leftPool) {
        leftPool = true;
        Http1Pool.this.detach(ch);
      }
    }

    @Override
    public Channel channel() {
      return ch;
    }

    @Override
    public void release(boolean reusable) {
      if (!released) {
        released = true;
        Http1Pool.this.release(ch, reusable && !leftPool);
      }
    }
  }
}
