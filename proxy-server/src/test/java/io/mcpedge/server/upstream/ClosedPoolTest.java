package io.mcpedge.server.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpedge.core.config.PoolConfig;
import io.mcpedge.server.NettyOrigin;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A pool closed while an exchange waits for one of its connections (a config reload closes the
 * pools of a changed upstream while its exchanges run) still serves that exchange: the waiter gets
 * the connection released next (HTTP/1.1), or a new connection (h2c), which closes after it.
 */
@Timeout(30)
class ClosedPoolTest {

  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private NettyOrigin origin;

  @AfterEach
  void stop() {
    if (origin != null) {
      origin.close();
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Completes with the lease, or exceptionally. */
  private static final class Waiter implements LeaseCallback {
    final CompletableFuture<Lease> lease = new CompletableFuture<>();

    @Override
    public void onLease(Lease l) {
      lease.complete(l);
    }

    @Override
    public void onLeaseFailed(Throwable cause) {
      lease.completeExceptionally(cause);
    }

    @Override
    public boolean isCancelled() {
      return false;
    }
  }

  @Test
  void aClosedH2cPoolStillConnectsForAnExchangeThatStartedBeforeTheClose() throws Exception {
    origin = NettyOrigin.h2c(100);
    EventLoop loop = group.next();
    Bootstrap b =
        new Bootstrap()
            .group(loop)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
            .remoteAddress("127.0.0.1", origin.port())
            .handler(new UpstreamInitializers.H2c());
    H2cPool pool =
        new H2cPool(
            loop,
            b,
            new UpstreamInitializers.H2cStream(),
            new PoolConfig(1, 1, Duration.ofSeconds(30), 1),
            System::nanoTime,
            null,
            UpstreamObserver.NONE);
    Waiter late = new Waiter();
    loop.submit(
            () -> {
              pool.close();
              pool.acquire(late);
            })
        .get(5, TimeUnit.SECONDS);

    Lease stream = late.lease.get(10, TimeUnit.SECONDS);
    assertThat(origin.connections()).isEqualTo(1);
    var connection = stream.channel().parent();
    loop.submit(() -> stream.release(true)).get(5, TimeUnit.SECONDS);
    connection.closeFuture().await(5, TimeUnit.SECONDS);
    assertThat(connection.isOpen()).as("closed after its last stream").isFalse();
  }

  @Test
  void aWaiterOfAClosedHttp1PoolGetsTheReleasedConnection() throws Exception {
    origin = NettyOrigin.http1();
    EventLoop loop = group.next();
    Bootstrap b =
        new Bootstrap()
            .group(loop)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
            .option(ChannelOption.AUTO_READ, false)
            .remoteAddress("127.0.0.1", origin.port())
            .handler(new UpstreamInitializers.Http1());
    Http1Pool pool =
        new Http1Pool(
            loop,
            b,
            new PoolConfig(1, 1, Duration.ofSeconds(30), 1),
            System::nanoTime,
            null,
            UpstreamObserver.NONE);
    Waiter first = new Waiter();
    Waiter second = new Waiter();
    loop.submit(() -> pool.acquire(first)).get(5, TimeUnit.SECONDS);
    Lease held = first.lease.get(5, TimeUnit.SECONDS);
    loop.submit(
            () -> {
              pool.acquire(second); // at maxConnections: waits
              pool.close();
              held.release(true);
            })
        .get(5, TimeUnit.SECONDS);

    Lease handedOn = second.lease.get(5, TimeUnit.SECONDS);
    assertThat(handedOn.channel()).isSameAs(held.channel());
    loop.submit(() -> handedOn.release(true)).get(5, TimeUnit.SECONDS);
    handedOn.channel().closeFuture().await(5, TimeUnit.SECONDS);
    assertThat(handedOn.channel().isOpen()).as("closed after its last exchange").isFalse();
  }
}
