package io.mcpedge.server;

import io.mcpedge.cache.HttpCache;
import io.mcpedge.core.config.EdgeConfig;
import io.mcpedge.core.config.HostPort;
import io.mcpedge.core.config.ListenerConfig;
import io.mcpedge.core.config.UpstreamConfig;
import io.mcpedge.core.credential.Credential;
import io.mcpedge.core.policy.Randomness;
import io.mcpedge.server.admin.AdminInitializer;
import io.mcpedge.server.admin.CacheAdminEndpoint;
import io.mcpedge.server.admin.MetricsEndpoint;
import io.mcpedge.server.cache.CacheFilter;
import io.mcpedge.server.cache.HeapGuard;
import io.mcpedge.server.channel.ServerState;
import io.mcpedge.server.channel.Transport;
import io.mcpedge.server.exchange.ExchangeObserver;
import io.mcpedge.server.exchange.ExchangeObservers;
import io.mcpedge.server.metrics.ProcessMetrics;
import io.mcpedge.server.metrics.RequestMetrics;
import io.mcpedge.server.pipeline.DownstreamInitializer;
import io.mcpedge.server.pipeline.DrainEvent;
import io.mcpedge.server.policy.PolicyFilters;
import io.mcpedge.server.policy.RejectionCounters;
import io.mcpedge.server.policy.UpstreamPolicy;
import io.mcpedge.server.route.RouteChains;
import io.mcpedge.server.route.RouteTableSnapshot;
import io.mcpedge.server.time.Scheduler;
import io.mcpedge.server.tracing.Tracing;
import io.mcpedge.server.upstream.EndpointResolver;
import io.mcpedge.server.upstream.UpstreamCluster;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One proxy process's data plane: event loops, the downstream listeners, the admin listener, the
 * upstream clusters and the routes of one config snapshot. Everything it uses comes in through the
 * constructor; nothing is static. With metrics on it owns the process's one meter registry, which
 * reaches its users through their constructors (there is no global registry). Lifecycle: {@link
 * #start()}, then {@link #drain()} and/or {@link #close()}.
 */
public final class EdgeServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EdgeServer.class);

  private final EdgeConfig config;
  private final Transport transport;
  private final Scheduler scheduler;
  private final RandomGenerator random;

  /** What a credential is, for every policy that reads one (cache, rate limit, affinity). */
  private final Credential credential;

  private final ServerState state = new ServerState();
  private final EventLoopGroup group;

  /** The admin listener's own loop: a scrape or a purge never delays a client's exchange. */
  private final EventLoopGroup adminGroup;

  private final ByteBufAllocator alloc;
  private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final ScheduledExecutorService resolverThread;
  private final Map<String, UpstreamCluster> clusters = new LinkedHashMap<>();
  private final Map<String, Channel> listeners = new LinkedHashMap<>();
  private final HttpCache cache;
  private final InstantSource clock;
  private final RouteTableSnapshot routes;
  private final RejectionCounters rejections = new RejectionCounters();
  private final Map<String, UpstreamPolicy> policies = new LinkedHashMap<>();

  /** The meter registry, its process meters and the exchange timers; all null with metrics off. */
  private final PrometheusMeterRegistry registry;

  private final ProcessMetrics processMetrics;
  private final ExchangeObserver exchangeObserver;

  /** The tracer provider and its exporter; null with tracing off. */
  private final Tracing tracing;

  private Channel admin;
  private HeapGuard heapGuard;

  public EdgeServer(EdgeConfig config, Transport transport, Scheduler scheduler) {
    this(config, transport, scheduler, InstantSource.system());
  }

  /**
   * @param clock wall-clock time for the cache's freshness arithmetic (a fake one in tests)
   */
  public EdgeServer(
      EdgeConfig config, Transport transport, Scheduler scheduler, InstantSource clock) {
    this(config, transport, scheduler, clock, Randomness.threadLocal());
  }

  /**
   * @param random load-balancer draws and retry jitter (a scripted one in tests); shared by every
   *     event loop, so it must be thread-safe
   */
  public EdgeServer(
      EdgeConfig config,
      Transport transport,
      Scheduler scheduler,
      InstantSource clock,
      RandomGenerator random) {
    this.config = config;
    this.random = random;
    this.clock = clock;
    this.credential = Credential.of(config.cache());
    // One cache per process; maintenance runs inline so that maxSize is never exceeded.
    this.cache = new HttpCache(config.cache(), CacheFilter.STALE_RETENTION, clock, Runnable::run);
    this.transport = transport;
    this.scheduler = scheduler;
    int threads = config.server().ioThreads();
    int loops = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    this.alloc = newAllocator(loops);
    this.group =
        new MultiThreadIoEventLoopGroup(
            loops, new DefaultThreadFactory("edge-io", true), transport.ioHandlerFactory());
    this.adminGroup =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("edge-admin", true), transport.ioHandlerFactory());
    // Everything told about each exchange as it starts and ends, in this order.
    List<ExchangeObserver> observers = new ArrayList<>();
    if (config.observability().metrics().enabled()) {
      this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      this.processMetrics = new ProcessMetrics(registry);
      observers.add(
          new RequestMetrics(registry, config.routes().stream().map(r -> r.name()).toList()));
    } else {
      this.registry = null;
      this.processMetrics = null;
    }
    this.tracing =
        config.observability().tracing().enabled()
            ? Tracing.start(
                config.observability().tracing(),
                EdgeServer.class.getPackage().getImplementationVersion())
            : null;
    if (tracing != null) {
      observers.add(tracing.observer());
    }
    this.exchangeObserver = ExchangeObservers.of(observers);
    this.resolverThread =
        Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("edge-dns", true));
    for (UpstreamConfig u : config.upstreams()) {
      UpstreamPolicy policy = new UpstreamPolicy(u, scheduler, random, rejections, credential);
      policies.put(u.name(), policy);
      clusters.put(
          u.name(),
          new UpstreamCluster(
              u, policy, policy, EndpointResolver.jdk(), group, transport, alloc, scheduler));
    }
    this.routes =
        new RouteChains(
                config,
                cache,
                clock,
                alloc,
                new PolicyFilters(rejections, scheduler, random, credential),
                clusters,
                policies)
            .build();
  }

  /**
   * The buffer pool of this server, sized to its event loops rather than Netty's process-wide
   * default (two arenas per core, whatever the number of loops, and caches on every thread that
   * allocates). One direct arena per event loop, so loops never contend; no heap arenas, since the
   * data plane allocates direct buffers only (the few heap buffers are unpooled); thread caches
   * only on event loops. Chunks stay at Netty's 4 MiB ({@code maxOrder} 9 of 8 KiB pages).
   */
  private static ByteBufAllocator newAllocator(int loops) {
    return new PooledByteBufAllocator(
        true,
        0,
        loops,
        PooledByteBufAllocator.defaultPageSize(),
        PooledByteBufAllocator.defaultMaxOrder(),
        PooledByteBufAllocator.defaultSmallCacheSize(),
        PooledByteBufAllocator.defaultNormalCacheSize(),
        false);
  }

  /** Resolves upstreams and binds every listener; blocks until bound. */
  public void start() throws InterruptedException {
    heapGuard = HeapGuard.install(cache.store()).orElse(null);
    for (UpstreamCluster c : clusters.values()) {
      c.start(resolverThread);
    }
    DownstreamInitializer init =
        new DownstreamInitializer(
            routes, state, config.server(), connections, scheduler, exchangeObserver);
    for (ListenerConfig l : config.listeners()) {
      Channel ch = bind(group, l.address(), init);
      listeners.put(l.name(), ch);
      log.info("listener {} on {} ({})", l.name(), ch.localAddress(), transport.name());
    }
    admin =
        bind(
            adminGroup,
            config.admin().address(),
            new AdminInitializer(
                state,
                new CacheAdminEndpoint(cache, config.admin().token()),
                registry == null ? null : new MetricsEndpoint(registry)));
    log.info("admin on {}", admin.localAddress());
    state.markReady();
  }

  private Channel bind(EventLoopGroup loops, HostPort address, ChannelHandler init)
      throws InterruptedException {
    return new ServerBootstrap()
        .group(loops)
        .channel(transport.serverChannel())
        .option(ChannelOption.SO_BACKLOG, 1024)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.ALLOCATOR, alloc)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(init)
        .bind(address.host(), address.port())
        .sync()
        .channel();
  }

  /** The routes and chains of this server's config snapshot (for tests). */
  public RouteTableSnapshot routes() {
    return routes;
  }

  /** Policy rejections per route and reason (for metrics and tests). */
  public RejectionCounters rejections() {
    return rejections;
  }

  /** The run-time policies of an upstream (for metrics and tests). */
  public UpstreamPolicy upstreamPolicy(String name) {
    return policies.get(name);
  }

  /** The run-time state of an upstream: its endpoints and pools (for tests). */
  public UpstreamCluster cluster(String name) {
    return clusters.get(name);
  }

  public ServerState state() {
    return state;
  }

  /** The bound address of a listener (the real port when configured with port 0). */
  public InetSocketAddress listenerAddress(String name) {
    return (InetSocketAddress) listeners.get(name).localAddress();
  }

  /** The meter registry, or {@code null} when metrics are off (for tests). */
  public PrometheusMeterRegistry meterRegistry() {
    return registry;
  }

  public InetSocketAddress adminAddress() {
    return (InetSocketAddress) admin.localAddress();
  }

  /**
   * Graceful drain: {@code /ready} turns 503, listeners stop accepting, idle HTTP/1.1 connections
   * close, busy ones close after their response, HTTP/2 connections get GOAWAY. Waits at most
   * {@code drainTimeout} for in-flight exchanges. Blocks; call off the event loops.
   *
   * @return true when every connection finished in time
   */
  public boolean drain() throws InterruptedException {
    state.markDraining();
    for (Channel l : listeners.values()) {
      l.close().sync();
    }
    Duration timeout = config.server().drainTimeout();
    for (Channel c : connections) {
      c.eventLoop().execute(() -> c.pipeline().fireUserEventTriggered(DrainEvent.INSTANCE));
    }
    boolean done =
        connections.newCloseFuture().await(timeout.toMillis() + 100, TimeUnit.MILLISECONDS);
    log.info(done ? "drained" : "drain timeout: closing {} connections", connections.size());
    return done;
  }

  /** Closes everything at once (after {@link #drain()} for a graceful stop). */
  @Override
  public void close() {
    state.markDraining();
    for (Channel l : listeners.values()) {
      l.close();
    }
    if (admin != null) {
      admin.close();
    }
    if (heapGuard != null) {
      heapGuard.close();
    }
    connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    clusters.values().forEach(UpstreamCluster::close);
    resolverThread.shutdownNow();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    adminGroup
        .shutdownGracefully(0, 2, TimeUnit.SECONDS)
        .awaitUninterruptibly(10, TimeUnit.SECONDS);
    if (processMetrics != null) {
      processMetrics.close();
      registry.close();
    }
    if (tracing != null) {
      tracing.close(); // after the loops: every span has ended; this exports the last batch
    }
  }
}
