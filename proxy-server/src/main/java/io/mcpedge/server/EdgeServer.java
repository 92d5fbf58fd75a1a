package io.mcpedge.server;

import io.mcpedge.cache.HttpCache;
import io.mcpedge.core.config.ConfigException;
import io.mcpedge.core.config.EdgeConfig;
import io.mcpedge.core.config.HostPort;
import io.mcpedge.core.config.ListenerConfig;
import io.mcpedge.core.config.UpstreamConfig;
import io.mcpedge.core.credential.Credential;
import io.mcpedge.core.policy.Randomness;
import io.mcpedge.server.accesslog.AccessLog;
import io.mcpedge.server.admin.AdminInitializer;
import io.mcpedge.server.admin.AdminPages;
import io.mcpedge.server.admin.CacheAdminEndpoint;
import io.mcpedge.server.admin.ConfigEndpoint;
import io.mcpedge.server.admin.MetricsEndpoint;
import io.mcpedge.server.admin.ReloadEndpoint;
import io.mcpedge.server.admin.TlsStatusEndpoint;
import io.mcpedge.server.admin.UpstreamsEndpoint;
import io.mcpedge.server.cache.CacheStorages;
import io.mcpedge.server.cache.HeapGuard;
import io.mcpedge.server.channel.ServerState;
import io.mcpedge.server.channel.Transport;
import io.mcpedge.server.exchange.ExchangeObserver;
import io.mcpedge.server.exchange.ExchangeObservers;
import io.mcpedge.server.metrics.CacheMetrics;
import io.mcpedge.server.metrics.DownstreamMetrics;
import io.mcpedge.server.metrics.McpMetrics;
import io.mcpedge.server.metrics.PolicyMetrics;
import io.mcpedge.server.metrics.ProcessMetrics;
import io.mcpedge.server.metrics.RateLimitMetrics;
import io.mcpedge.server.metrics.ReplicaBusMetrics;
import io.mcpedge.server.metrics.RequestMetrics;
import io.mcpedge.server.metrics.UpstreamMetrics;
import io.mcpedge.server.pipeline.ConnectionMetrics;
import io.mcpedge.server.pipeline.DownstreamInitializer;
import io.mcpedge.server.pipeline.DrainEvent;
import io.mcpedge.server.policy.FallbackCounters;
import io.mcpedge.server.policy.PolicyFilters;
import io.mcpedge.server.policy.RejectionCounters;
import io.mcpedge.server.policy.RetryCounters;
import io.mcpedge.server.policy.UpstreamPolicy;
import io.mcpedge.server.redis.SharedRedis;
import io.mcpedge.server.reload.ConfigDiff;
import io.mcpedge.server.reload.ConfigSource;
import io.mcpedge.server.reload.Reloader;
import io.mcpedge.server.replicas.InvalidationBus;
import io.mcpedge.server.replicas.ReplicaId;
import io.mcpedge.server.route.LiveRoutes;
import io.mcpedge.server.route.RouteChains;
import io.mcpedge.server.route.RouteTableSnapshot;
import io.mcpedge.server.time.Scheduler;
import io.mcpedge.server.tls.CertificateWatch;
import io.mcpedge.server.tls.ServerTls;
import io.mcpedge.server.tls.TlsProviders;
import io.mcpedge.server.tracing.Tracing;
import io.mcpedge.server.upstream.EndpointResolver;
import io.mcpedge.server.upstream.UpstreamCluster;
import io.mcpedge.server.upstream.UpstreamObserver;
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
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * #start()}, then {@link #drain()} and/or {@link #close()}; in between, its {@link #reloader()}
 * applies new configs (listeners, upstreams, routes) without a restart (docs/reload.md).
 */
public final class EdgeServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EdgeServer.class);

  /** The config serving now; replaced by a reload, on the reload thread only. */
  private volatile EdgeConfig config;

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
  // Clusters, policies and listeners: immutable maps, each replaced whole by a reload.
  private volatile Map<String, UpstreamCluster> clusters;
  private volatile Map<String, Channel> listeners = Map.of();
  private final HttpCache cache;
  private final InstantSource clock;
  private final LiveRoutes routes;
  private final RejectionCounters rejections = new RejectionCounters();
  private final RetryCounters retries = new RetryCounters();
  private final FallbackCounters rateLimitFallbacks = new FallbackCounters();
  private volatile Map<String, UpstreamPolicy> policies;
  private final PolicyFilters policyFilters;
  private final Reloader reloader;
  private DownstreamInitializer init;

  /** The meter registry, its process meters and the exchange timers; all null with metrics off. */
  private final PrometheusMeterRegistry registry;

  private final ProcessMetrics processMetrics;
  private final CacheMetrics cacheMetrics;
  private final ExchangeObserver exchangeObserver;

  /** The client connections' counts, or {@code null} with metrics off. */
  private final ConnectionMetrics connectionMetrics;

  /** The JSON access log and its writer thread; null when off. */
  private final AccessLog accessLog;

  /** The tracer provider and its exporter; null with tracing off. */
  private final Tracing tracing;

  /** The shared Redis client; null without a {@code redis} section. */
  private final SharedRedis redis;

  /** Shares invalidations with the other replicas; null without a {@code redis} section. */
  private final InvalidationBus invalidationBus;

  private Channel admin;
  private HeapGuard heapGuard;

  /**
   * The certificates of each TLS listener, by listener name, and the thread that re-reads them.
   * Written at start and by the reload thread; {@link #tlsNow} is what {@code /tls} reads.
   */
  private final Map<String, ServerTls> tls = new ConcurrentHashMap<>();

  /** The TLS listeners serving now, in config order; replaced whole after a reload. */
  private volatile List<ServerTls> tlsNow = List.of();

  private CertificateWatch certificateWatch;

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
    this(config, transport, scheduler, clock, random, ConfigSource.NONE);
  }

  /**
   * @param reloadSource where {@link #reloader()} reads a new config from (the file the process was
   *     started with); {@link ConfigSource#NONE} refuses every reload
   */
  public EdgeServer(
      EdgeConfig config,
      Transport transport,
      Scheduler scheduler,
      InstantSource clock,
      RandomGenerator random,
      ConfigSource reloadSource) {
    this.config = config;
    this.random = random;
    this.clock = clock;
    this.credential = Credential.of(config.cache());
    int threads = config.server().ioThreads();
    int loops = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    this.alloc = newAllocator(loops);
    // One cache per process; maintenance runs inline so that maxSize is never exceeded.
    this.cache = CacheStorages.newCache(config.cache(), clock, alloc);
    this.transport = transport;
    this.scheduler = scheduler;
    this.redis = config.redis() == null ? null : SharedRedis.start(config.redis());
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
      observers.add(new McpMetrics(registry));
      this.connectionMetrics = new ConnectionMetrics();
      observers.add(new DownstreamMetrics(registry, connectionMetrics));
      this.cacheMetrics = new CacheMetrics(registry, config.routes(), cache.store());
      observers.add(cacheMetrics);
      PolicyMetrics.register(registry, config.routes(), rejections, retries);
    } else {
      this.cacheMetrics = null;
      this.registry = null;
      this.processMetrics = null;
      this.connectionMetrics = null;
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
    this.invalidationBus =
        redis == null
            ? null
            : InvalidationBus.start(redis, cache.invalidations(), ReplicaId.create());
    if (invalidationBus != null && registry != null) {
      ReplicaBusMetrics.register(registry, invalidationBus);
    }
    this.accessLog = AccessLog.start(config.observability().accessLog(), clock, registry);
    observers.add(accessLog == null ? ExchangeObserver.NONE : accessLog);
    this.exchangeObserver = ExchangeObservers.of(observers);
    this.resolverThread =
        Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("edge-dns", true));
    Map<String, UpstreamCluster> newClusters = new LinkedHashMap<>();
    Map<String, UpstreamPolicy> newPolicies = new LinkedHashMap<>();
    for (UpstreamConfig u : config.upstreams()) {
      newClusters.put(u.name(), newUpstream(u, newPolicies));
    }
    this.clusters = Collections.unmodifiableMap(newClusters);
    this.policies = Collections.unmodifiableMap(newPolicies);
    this.policyFilters =
        new PolicyFilters(
            rejections, retries, scheduler, random, credential, redis, rateLimitFallbacks);
    if (registry != null && redis != null) {
      RateLimitMetrics.register(registry, config.routes(), rateLimitFallbacks, redis.replicas());
    }
    this.routes = new LiveRoutes(chains(config, clusters, policies).build());
    this.reloader = new Reloader(reloadSource, this::apply, clock, registry);
  }

  /**
   * An upstream's run-time policies (put into {@code policiesOut}) and its cluster, with their
   * meters when metrics are on.
   */
  private UpstreamCluster newUpstream(UpstreamConfig u, Map<String, UpstreamPolicy> policiesOut) {
    UpstreamMetrics meters = registry == null ? null : new UpstreamMetrics(registry, u.name());
    UpstreamPolicy policy =
        new UpstreamPolicy(
            u,
            scheduler,
            random,
            rejections,
            credential,
            meters == null ? UpstreamObserver.NONE : meters);
    policiesOut.put(u.name(), policy);
    UpstreamCluster cluster =
        new UpstreamCluster(
            u, policy, policy, EndpointResolver.jdk(), group, transport, alloc, scheduler);
    if (meters != null) {
      meters.bind(cluster, policy);
    }
    return cluster;
  }

  private RouteChains chains(
      EdgeConfig cfg,
      Map<String, UpstreamCluster> withClusters,
      Map<String, UpstreamPolicy> withPolicies) {
    return new RouteChains(cfg, cache, clock, alloc, policyFilters, withClusters, withPolicies);
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
    init =
        new DownstreamInitializer(
            routes,
            state,
            config.server(),
            connections,
            scheduler,
            exchangeObserver,
            connectionMetrics);
    Map<String, Channel> bound = new LinkedHashMap<>();
    for (ListenerConfig l : config.listeners()) {
      Channel ch = bind(group, l.address(), initializerFor(l));
      bound.put(l.name(), ch);
      logListener(l, ch);
    }
    listeners = Collections.unmodifiableMap(bound);
    tlsNow = currentTls(bound.keySet(), Map.of());
    certificateWatch = new CertificateWatch(tlsNow);
    certificateWatch.start();
    admin =
        bind(
            adminGroup,
            config.admin().address(),
            new AdminInitializer(
                state,
                config.admin(),
                config.server(),
                scheduler,
                new AdminPages(
                    new CacheAdminEndpoint(cache),
                    registry == null ? null : new MetricsEndpoint(registry),
                    new UpstreamsEndpoint(() -> clusters, () -> policies),
                    new ConfigEndpoint(() -> this.config),
                    new TlsStatusEndpoint(() -> tlsNow),
                    new ReloadEndpoint(reloader, config.admin().token()))));
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

  /**
   * Applies a reloaded config, on the reload thread ({@link Reloader}), all of it or nothing.
   * Order: the clusters of new and changed upstreams are built and resolved; the route table is
   * built, taking over the rate-limit buckets of unchanged routes; new listeners are bound (a port
   * that cannot be bound refuses the reload, and what was built is closed again); then one swap
   * makes everything current for new requests. Exchanges already running keep the snapshot they
   * started with, with its clusters: the clusters of removed and changed upstreams are closed (idle
   * connections now, busy ones when their exchange ends, streams included), and removed listeners
   * stop accepting and drain their connections as {@link #drain()} does. Unchanged upstreams keep
   * their cluster, pools and breaker and outlier state; unchanged listeners keep their socket.
   */
  private List<String> apply(EdgeConfig file) throws ConfigException {
    if (init == null || state.isDraining()) {
      throw new ConfigException(List.of("the proxy is not serving (not started, or draining)"));
    }
    ConfigDiff diff = new ConfigDiff(config, file);
    EdgeConfig next = diff.effective();
    Map<String, UpstreamCluster> nextClusters = new LinkedHashMap<>();
    Map<String, UpstreamPolicy> nextPolicies = new LinkedHashMap<>();
    List<UpstreamCluster> built = new ArrayList<>();
    Map<String, Channel> bound = new LinkedHashMap<>();
    Map<String, String> kept = diff.keptListeners();
    RouteTableSnapshot table;
    Map<String, ServerTls> tlsBefore = Map.copyOf(tls);
    boolean ready = false;
    try {
      for (UpstreamConfig u : next.upstreams()) {
        if (diff.keepsUpstream(u)) {
          nextClusters.put(u.name(), clusters.get(u.name()));
          nextPolicies.put(u.name(), policies.get(u.name()));
        } else {
          UpstreamCluster c = newUpstream(u, nextPolicies);
          built.add(c);
          nextClusters.put(u.name(), c);
          c.start(resolverThread);
        }
      }
      table = chains(next, nextClusters, nextPolicies).rebuild(routes.current());
      for (ListenerConfig l : next.listeners()) {
        if (!kept.containsKey(l.name())) {
          bound.put(l.name(), bindForReload(l));
        }
      }
      ready = true;
    } finally {
      if (!ready) {
        built.forEach(UpstreamCluster::close);
        bound.values().forEach(Channel::close);
        tls.clear();
        tls.putAll(tlsBefore);
      }
    }
    Map<String, Channel> oldListeners = listeners;
    Map<String, UpstreamCluster> oldClusters = clusters;
    Map<String, Channel> nextListeners = new LinkedHashMap<>();
    for (ListenerConfig l : next.listeners()) {
      String old = kept.get(l.name());
      nextListeners.put(l.name(), old != null ? oldListeners.get(old) : bound.get(l.name()));
    }
    if (registry != null) {
      // The meters of routes this reload added, before their first request.
      cacheMetrics.addRoutes(next.routes());
      PolicyMetrics.register(registry, next.routes(), rejections, retries);
      if (redis != null) {
        RateLimitMetrics.registerRoutes(registry, next.routes(), rateLimitFallbacks);
      }
    }
    // The swap: from here on, every new request sees the new config.
    routes.set(table);
    config = next;
    clusters = Collections.unmodifiableMap(nextClusters);
    policies = Collections.unmodifiableMap(nextPolicies);
    listeners = Collections.unmodifiableMap(nextListeners);
    oldListeners.forEach(
        (name, ch) -> {
          if (!kept.containsValue(name)) {
            retireListener(name, ch);
          }
        });
    List<ServerTls> nextTls = currentTls(nextListeners.keySet(), kept);
    if (!nextTls.equals(tlsNow)) {
      // TLS listeners came or went: the watch follows the certificate files of those serving.
      tlsNow = nextTls;
      certificateWatch.close();
      certificateWatch = new CertificateWatch(nextTls);
      certificateWatch.start();
    }
    oldClusters.forEach(
        (name, c) -> {
          if (nextClusters.get(name) != c) {
            log.info("upstream {}: closing its connections as their exchanges end", name);
            c.close();
          }
        });
    log.info(
        "config applied: {} routes, upstreams {} (new or changed: {}), listeners {}",
        next.routes().size(),
        nextClusters.keySet(),
        built.stream().map(UpstreamCluster::name).toList(),
        nextListeners.keySet());
    return diff.restartNeeded();
  }

  /**
   * The TLS state of the listeners named, in order; a kept listener ({@code kept}: new name to the
   * name it served under) brings its own. Entries of listeners not named are dropped from {@link
   * #tls}, so that a closed listener neither shows on {@code /tls} nor keeps its files watched.
   */
  private List<ServerTls> currentTls(Collection<String> names, Map<String, String> kept) {
    Map<String, ServerTls> current = new LinkedHashMap<>();
    for (String name : names) {
      ServerTls t = tls.get(kept.getOrDefault(name, name));
      if (t != null) {
        current.put(name, t);
      }
    }
    tls.keySet().retainAll(current.keySet());
    tls.putAll(current);
    return List.copyOf(current.values());
  }

  /**
   * The pipeline of a listener's connections: the shared cleartext one, or for a TLS listener one
   * of its own with its certificates (made here and registered for {@code /tls} and the watch). All
   * share the connection limits, so that {@code maxConnections} counts every listener.
   */
  private ChannelHandler initializerFor(ListenerConfig l) {
    if (l.tls() == null) {
      return init;
    }
    ServerTls t = new ServerTls(l.name(), l.tls(), TlsProviders.choose(l.tls().provider()), clock);
    tls.put(l.name(), t);
    return new DownstreamInitializer(
        routes,
        state,
        config.server(),
        connections,
        scheduler,
        exchangeObserver,
        connectionMetrics,
        t,
        init.connectionLimits());
  }

  private void logListener(ListenerConfig l, Channel ch) {
    log.info(
        "listener {} on {} ({}{})",
        l.name(),
        ch.localAddress(),
        transport.name(),
        l.tls() == null ? "" : ", TLS by " + tls.get(l.name()).status().provider());
  }

  private Channel bindForReload(ListenerConfig l) throws ConfigException {
    try {
      Channel ch = bind(group, l.address(), initializerFor(l));
      logListener(l, ch);
      return ch;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConfigException(List.of("listeners." + l.name() + ": interrupted while binding"));
    } catch (Exception e) {
      // Netty's sync() rethrows the bind's IOException without declaring it.
      throw new ConfigException(
          List.of(
              "listeners."
                  + l.name()
                  + ".address: "
                  + l.address().host()
                  + ":"
                  + l.address().port()
                  + " (expected: an address this process can bind; "
                  + e
                  + ")"));
    }
  }

  /**
   * Closes a listener that a reload removed: it stops accepting at once, and its connections drain
   * as in {@link #drain()}, closed at the latest after {@code drainTimeout}.
   */
  private void retireListener(String name, Channel listener) {
    log.info("listener {} on {} closed; draining its connections", name, listener.localAddress());
    listener.close();
    long timeout = config.server().drainTimeout().toMillis();
    for (Channel c : connections) {
      if (c.parent() == listener) {
        c.eventLoop().execute(() -> c.pipeline().fireUserEventTriggered(DrainEvent.INSTANCE));
        c.eventLoop().schedule(() -> c.close(), timeout, TimeUnit.MILLISECONDS);
      }
    }
  }

  /** The routes and chains of the config snapshot serving now (for tests). */
  public RouteTableSnapshot routes() {
    return routes.current();
  }

  /** Reloads this server's config from its source: the file watch, SIGHUP and the admin call. */
  public Reloader reloader() {
    return reloader;
  }

  /** Policy rejections per route and reason (for metrics and tests). */
  public RejectionCounters rejections() {
    return rejections;
  }

  /** Decisions of global rate limits made without Redis, per route (for metrics and tests). */
  public FallbackCounters rateLimitFallbacks() {
    return rateLimitFallbacks;
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

  /** The access log, or {@code null} when it is off (for tests). */
  public AccessLog accessLog() {
    return accessLog;
  }

  /** The invalidations shared with other replicas, or {@code null} without Redis (for tests). */
  public InvalidationBus invalidationBus() {
    return invalidationBus;
  }

  /** The shared Redis client, or {@code null} without a {@code redis} section. */
  public SharedRedis redis() {
    return redis;
  }

  /** The TLS state of a listener, or {@code null} for a cleartext one (for tests). */
  public ServerTls tls(String listener) {
    return tls.get(listener);
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
    reloader.close();
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
    if (certificateWatch != null) {
      certificateWatch.close();
    }
    connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    clusters.values().forEach(UpstreamCluster::close);
    resolverThread.shutdownNow();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    adminGroup
        .shutdownGracefully(0, 2, TimeUnit.SECONDS)
        .awaitUninterruptibly(10, TimeUnit.SECONDS);
    if (invalidationBus != null) {
      invalidationBus.close();
    }
    cache.close(); // after the loops: gives direct bodies back to the allocator
    if (redis != null) {
      redis.close(); // after the loops: no exchange asks Redis any more
    }
    if (accessLog != null) {
      accessLog.close();
    }
    if (processMetrics != null) {
      processMetrics.close();
      registry.close();
    }
    if (tracing != null) {
      tracing.close(); // after the loops: every span has ended; this exports the last batch
    }
  }
}
