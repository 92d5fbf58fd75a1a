package io.mcpedge.server.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpedge.core.config.EndpointAddress;
import io.mcpedge.core.config.UpstreamConfig;
import io.mcpedge.core.config.UpstreamProtocol;
import io.mcpedge.server.TestConfigs;
import io.mcpedge.server.channel.Transport;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Endpoints from DNS: one per address, refreshed off the event loops, kept on failures. */
class UpstreamClusterTest {

  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final ScheduledExecutorService dns = Executors.newSingleThreadScheduledExecutor();
  private volatile List<String> answer = List.of("10.0.0.1", "10.0.0.2");
  private volatile boolean failing;
  private final Set<String> resolverThreads = ConcurrentHashMap.newKeySet();

  @AfterEach
  void stop() {
    dns.shutdownNow();
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }

  private UpstreamCluster cluster(Duration refresh) {
    UpstreamConfig base =
        TestConfigs.upstream(
            "pods",
            UpstreamProtocol.HTTP1,
            List.of(
                new EndpointAddress("http", "gateway.ns.svc", 4444),
                new EndpointAddress("http", "127.0.0.9", 80)),
            1);
    UpstreamConfig cfg =
        new UpstreamConfig(
            base.name(),
            base.endpoints(),
            base.protocol(),
            base.connectTimeout(),
            refresh,
            base.pool(),
            base.loadBalancer(),
            base.circuitBreaker(),
            null,
            null);
    EndpointResolver resolver =
        host -> {
          resolverThreads.add(Thread.currentThread().getName());
          if (failing) {
            throw new UnknownHostException(host);
          }
          return answer.stream().map(UpstreamClusterTest::ip).toList();
        };
    return new UpstreamCluster(
        cfg,
        RoundRobinSelector.FACTORY,
        resolver,
        group,
        Transport.select(true),
        PooledByteBufAllocator.DEFAULT,
        System::nanoTime);
  }

  private static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Set<String> addresses(UpstreamCluster c) {
    return c.endpoints().stream()
        .map(e -> e.address().getAddress().getHostAddress() + ":" + e.address().getPort())
        .collect(Collectors.toSet());
  }

  @Test
  void everyAddressOfANameIsAnEndpointAndLiteralsNeedNoLookup() {
    UpstreamCluster c = cluster(Duration.ofMinutes(1));
    c.resolveNow();
    assertThat(addresses(c))
        .containsExactlyInAnyOrder("10.0.0.1:4444", "10.0.0.2:4444", "127.0.0.9:80");
  }

  @Test
  void namesAreReResolvedPeriodicallyOffTheEventLoops() {
    UpstreamCluster c = cluster(Duration.ofMillis(50));
    c.start(dns);
    answer = List.of("10.0.0.3");
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> addresses(c).equals(Set.of("10.0.0.3:4444", "127.0.0.9:80")));
    assertThat(resolverThreads).noneMatch(n -> n.contains("nioEventLoop") || n.contains("edge-io"));
    c.close();
  }

  @Test
  void aFailedLookupKeepsTheLastKnownEndpoints() {
    UpstreamCluster c = cluster(Duration.ofMinutes(1));
    c.resolveNow();
    failing = true;
    c.resolveNow();
    assertThat(addresses(c)).contains("10.0.0.1:4444", "10.0.0.2:4444");
  }

  @Test
  void poolsOfEndpointsThatLeaveDnsAreClosedOnTheirLoop() throws Exception {
    UpstreamCluster c = cluster(Duration.ofMinutes(1));
    c.resolveNow();
    io.netty.channel.EventLoop loop = group.next();
    // Creating a pool opens no connection: nothing is sent to these addresses.
    int pools =
        loop.submit(
                () -> {
                  c.endpoints().forEach(e -> c.pool(e, loop));
                  return c.poolCount(loop);
                })
            .get(5, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(pools).isEqualTo(3);
    answer = List.of("10.0.0.2");
    c.resolveNow();
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                loop.submit(() -> c.poolCount(loop)).get(5, java.util.concurrent.TimeUnit.SECONDS),
            n -> n == 2);
    c.close();
  }
}
