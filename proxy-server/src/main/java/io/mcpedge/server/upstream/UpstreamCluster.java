package io.mcpedge.server.upstream;

import io.mcpedge.core.config.UpstreamConfig;
import io.mcpedge.core.config.UpstreamProtocol;
import io.mcpedge.core.policy.overload.OverloadGuard;
import io.mcpedge.server.channel.Transport;
import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.time.Scheduler;
import io.mcpedge.server.tls.UpstreamTls;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured upstream at run time: its current endpoints (DNS names re-resolved every {@code
 * dnsRefresh} on a resolver thread, never on an event loop), the endpoint selector, and connection
 * pools per event loop and endpoint, so an exchange never changes threads.
 */
public final class UpstreamCluster implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(UpstreamCluster.class);

  private final UpstreamConfig config;
  private final EndpointSelector.Factory selectors;
  private final AttemptPolicy attemptPolicy;
  private final EndpointResolver resolver;
  private final Map<EventExecutor, LoopPools> pools;
  private final Transport transport;
  private final ByteBufAllocator alloc;
  private final Scheduler scheduler;
  private final ChannelHandler connectionInitializer;

  /** TLS to {@code https://} endpoints, or {@code null}. */
  private final UpstreamTls tls;

  private final ChannelHandler streamInitializer = new UpstreamInitializers.H2cStream();
  private volatile List<Endpoint> endpoints = List.of();
  private volatile EndpointSelector selector;
  private ScheduledFuture<?> refresh;
  private ScheduledFuture<?> tlsWatch;

  public UpstreamCluster(
      UpstreamConfig config,
      EndpointSelector.Factory selectors,
      EndpointResolver resolver,
      EventLoopGroup group,
      Transport transport,
      ByteBufAllocator alloc,
      Scheduler scheduler) {
    this(config, selectors, AttemptPolicy.NONE, resolver, group, transport, alloc, scheduler);
  }

  /**
   * @param selectors builds the endpoint selector of each endpoint snapshot (the load balancer)
   * @param attemptPolicy admits attempts (breakers, overload thresholds) and hears their outcomes
   */
  public UpstreamCluster(
      UpstreamConfig config,
      EndpointSelector.Factory selectors,
      AttemptPolicy attemptPolicy,
      EndpointResolver resolver,
      EventLoopGroup group,
      Transport transport,
      ByteBufAllocator alloc,
      Scheduler scheduler) {
    this.config = config;
    this.selectors = selectors;
    this.attemptPolicy = attemptPolicy;
    this.resolver = resolver;
    this.transport = transport;
    this.alloc = alloc;
    this.scheduler = scheduler;
    this.connectionInitializer =
        config.protocol() == UpstreamProtocol.H2C
            ? new UpstreamInitializers.H2c()
            : new UpstreamInitializers.Http1();
    this.tls =
        config.tls() == null
            ? null
            : new UpstreamTls(
                config.name(), config.tls(), config.protocol() == UpstreamProtocol.H2C);
    Map<EventExecutor, LoopPools> m = new IdentityHashMap<>();
    for (EventExecutor e : group) {
      m.put(e, new LoopPools());
    }
    this.pools = m;
  }

  public String name() {
    return config.name();
  }

  /** TLS to the endpoints, or {@code null} for {@code http://} endpoints. */
  public UpstreamTls tls() {
    return tls;
  }

  public boolean isHttp2() {
    return config.protocol() == UpstreamProtocol.H2C;
  }

  /**
   * Resolves once now and then every {@code dnsRefresh} on {@code executor}; checks the TLS files,
   * if any, every {@code tls.watchInterval} there too.
   */
  public void start(ScheduledExecutorService executor) {
    resolveNow();
    if (tls != null && tls.watched()) {
      long watch = tls.config().watchInterval().toMillis();
      tlsWatch = executor.scheduleWithFixedDelay(tls::check, watch, watch, TimeUnit.MILLISECONDS);
    }
    long every = config.dnsRefresh() == null ? 0 : config.dnsRefresh().toMillis();
    if (every > 0 && needsDns()) {
      refresh =
          executor.scheduleWithFixedDelay(this::resolveNow, every, every, TimeUnit.MILLISECONDS);
    }
  }

  private boolean needsDns() {
    for (var a : config.endpoints()) {
      if (io.netty.util.NetUtil.createByteArrayFromIpAddressString(a.host()) == null) {
        return true;
      }
    }
    return false;
  }

  void resolveNow() {
    List<String> problems = new ArrayList<>();
    List<Endpoint> found =
        EndpointResolver.resolveAll(resolver, config.endpoints(), endpoints, problems);
    if (!problems.isEmpty()) {
      log.warn("upstream {}: cannot resolve {}", config.name(), problems);
    }
    if (!found.equals(endpoints)) {
      log.info("upstream {}: endpoints {}", config.name(), found);
      List<Endpoint> departed = new ArrayList<>(endpoints);
      departed.removeAll(found);
      selector = found.isEmpty() ? null : selectors.create(found);
      endpoints = found;
      retire(departed);
    }
  }

  /**
   * Closes the pools of endpoints that DNS no longer returns (a pod went away), each on its own
   * event loop: idle connections now, busy ones when their exchange ends. Runs after the new
   * selector is in place, so no new exchange picks them.
   */
  private void retire(List<Endpoint> departed) {
    if (departed.isEmpty()) {
      return;
    }
    for (Map.Entry<EventExecutor, LoopPools> e : pools.entrySet()) {
      if (e.getKey().isShuttingDown()) {
        continue;
      }
      LoopPools perLoop = e.getValue();
      e.getKey()
          .execute(
              () -> {
                for (Endpoint gone : departed) {
                  ConnectionPool p = perLoop.remove(gone);
                  if (p != null) {
                    p.close();
                  }
                }
              });
    }
  }

  /** Pools currently held on {@code loop}, for tests; call only on {@code loop}. */
  int poolCount(EventExecutor loop) {
    return pools.get(loop).byEndpoint.size();
  }

  /** The current endpoints (an immutable snapshot). */
  public List<Endpoint> endpoints() {
    return endpoints;
  }

  /** The endpoint for this exchange, or {@code null} when none is known (503). */
  public Endpoint select(Exchange ex) {
    EndpointSelector s = selector;
    return s == null ? null : s.select(ex);
  }

  /** The policies every attempt on this upstream passes. */
  public AttemptPolicy attemptPolicy() {
    return attemptPolicy;
  }

  /** The pool of {@code endpoint} on {@code loop}; call only on {@code loop}. */
  ConnectionPool pool(Endpoint endpoint, EventLoop loop) {
    LoopPools perLoop = pools.get(loop);
    if (perLoop.lastEndpoint == endpoint) {
      return perLoop.lastPool;
    }
    ConnectionPool p = perLoop.byEndpoint.get(endpoint);
    if (p == null) {
      p = newPool(endpoint, loop);
      perLoop.byEndpoint.put(endpoint, p);
    }
    perLoop.lastEndpoint = endpoint;
    perLoop.lastPool = p;
    return p;
  }

  /**
   * The pools of one event loop, touched only on that loop. The endpoint asked for last is kept
   * aside: the selector hands out the same {@link Endpoint} instances until DNS changes them, and
   * with one endpoint (a Service's cluster IP) every exchange asks for the same one.
   */
  private static final class LoopPools {
    final Map<Endpoint, ConnectionPool> byEndpoint = new HashMap<>();
    Endpoint lastEndpoint;
    ConnectionPool lastPool;

    ConnectionPool remove(Endpoint gone) {
      if (gone.equals(lastEndpoint)) {
        lastEndpoint = null;
        lastPool = null;
      }
      return byEndpoint.remove(gone);
    }
  }

  private ConnectionPool newPool(Endpoint endpoint, EventLoop loop) {
    Bootstrap b =
        new Bootstrap()
            .group(loop)
            .channel(transport.socketChannel())
            .option(ChannelOption.ALLOCATOR, alloc)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
            .remoteAddress(endpoint.address())
            .handler(
                tls == null
                    ? connectionInitializer
                    : new UpstreamInitializers.Tls(
                        tls,
                        endpoint.configured().host(),
                        endpoint.configured().port(),
                        connectionInitializer));
    OverloadGuard guard = attemptPolicy.overload();
    if (isHttp2()) {
      return new H2cPool(
          loop, b, streamInitializer, config.pool(), scheduler, guard, attemptPolicy.observer());
    }
    b.option(ChannelOption.AUTO_READ, false);
    return new Http1Pool(loop, b, config.pool(), scheduler, guard, attemptPolicy.observer());
  }

  /** Stops refreshing and closes idle connections (each on its own event loop). */
  @Override
  public void close() {
    if (tlsWatch != null) {
      tlsWatch.cancel(false);
    }
    if (refresh != null) {
      refresh.cancel(false);
    }
    for (Map.Entry<EventExecutor, LoopPools> e : pools.entrySet()) {
      if (!e.getKey().isShuttingDown()) {
        e.getKey().execute(() -> e.getValue().byEndpoint.values().forEach(ConnectionPool::close));
      }
    }
  }
}
