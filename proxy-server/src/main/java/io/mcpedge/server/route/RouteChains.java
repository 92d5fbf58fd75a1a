package io.mcpedge.server.route;

import io.mcpedge.cache.HttpCache;
import io.mcpedge.core.config.CacheMode;
import io.mcpedge.core.config.CacheStorage;
import io.mcpedge.core.config.EdgeConfig;
import io.mcpedge.core.config.RouteConfig;
import io.mcpedge.core.credential.Credential;
import io.mcpedge.core.route.RouteTable;
import io.mcpedge.server.answer.DirectResponseStage;
import io.mcpedge.server.cache.CacheFilter;
import io.mcpedge.server.cache.CacheInvalidationFilter;
import io.mcpedge.server.cache.DirectBodies;
import io.mcpedge.server.cache.HitWriter;
import io.mcpedge.server.exchange.ExchangeFilter;
import io.mcpedge.server.exchange.FilterChain;
import io.mcpedge.server.mcp.cache.McpCacheFilter;
import io.mcpedge.server.policy.EdgeSecurityFilter;
import io.mcpedge.server.policy.HeaderHygieneFilter;
import io.mcpedge.server.policy.HttpsRedirectFilter;
import io.mcpedge.server.policy.PolicyFilters;
import io.mcpedge.server.policy.RepeatedCredentialFilter;
import io.mcpedge.server.policy.UpstreamPolicy;
import io.mcpedge.server.stream.SseKeepaliveFilter;
import io.mcpedge.server.upstream.UpstreamCluster;
import io.mcpedge.server.upstream.UpstreamStage;
import io.netty.buffer.ByteBufAllocator;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the filter chains of every route of one config snapshot into a {@link RouteTableSnapshot}.
 * This class owns the order of the filters; it is written down here and nowhere else.
 *
 * <p>The order, outermost first; a filter that a route does not use is absent, so an unused policy
 * costs nothing:
 *
 * <ol>
 *   <li>route match (done by the exchange driver before the chain runs; no route answers 404)
 *   <li>HTTPS redirect ({@link HttpsRedirectFilter}, on routes with {@code httpsRedirect}): a
 *       request without TLS gets its 308 before any policy spends anything on it; in every kind of
 *       chain below
 *   <li>repeated credential ({@link RepeatedCredentialFilter}, when a credential header is
 *       configured): a request with two credential fields is answered 400 before any policy keys on
 *       the first one
 *   <li>edge security ({@link EdgeSecurityFilter}: drops inbound headers that only the gateway or
 *       its own edge may set), first, so that no policy reads an untrusted header
 *   <li>MCP envelope check ({@code McpVerifyFilter}, on routes with {@code mcp.verify}): reads the
 *       body of a 2026-07-28 request and refuses one whose standard headers disagree with it, so
 *       that every policy below may key on those headers (and on the {@code McpCall} it attaches)
 *   <li>SSE keep-alive ({@link SseKeepaliveFilter}, on routes that set {@code sseKeepalive}): above
 *       the cache, so that its comments reach the client only and are never stored
 *   <li>rate limit ({@code RateLimitFilter}): a limited client costs no cache lookup
 *   <li>cache invalidation ({@link CacheInvalidationFilter}, also {@code PURGE}), then the MCP
 *       result cache ({@link McpCacheFilter}, on routes with {@code cache.mcp}), then cache lookup
 *       and store ({@link CacheFilter}, on routes whose cache is not {@code off})
 *   <li>header hygiene ({@link HeaderHygieneFilter}: hop-by-hop headers, {@code X-Forwarded-*},
 *       {@code Via}) on what goes to and comes from the upstream: inside the cache, so that a hit
 *       costs no header rewriting and what is stored is already clean (with its {@code Via})
 *   <li>retry ({@code RetryFilter}), which also sets each attempt's per-try timeout; the route's
 *       whole-exchange {@code request} and {@code idle} timeouts are timers of the {@code Exchange}
 *       itself, so they bound retries too
 *   <li>the terminal stage: the upstream ({@link UpstreamStage}), which chooses the endpoint (load
 *       balancing, outlier ejection) and checks the circuit breaker and the overload thresholds for
 *       every attempt, retries included, so each attempt's outcome is counted; a breaker's {@code
 *       503} goes up through the sinks like an answer, where the cache may replace it with stale
 *       content
 * </ol>
 *
 * <p>The three kinds of chain take that order with some positions left out:
 *
 * <ul>
 *   <li>a proxied route: all of it;
 *   <li>a WebSocket opening handshake on a proxied route ({@link RouteTableSnapshot#upgradeChain}):
 *       repeated credential, edge security, rate limit, header hygiene that keeps the upgrade
 *       headers, the upstream; no SSE keep-alive, cache or retry, since a handshake is never stored
 *       or repeated. It needs an HTTP/1.1 upstream: an h2c upstream cannot switch protocols, so for
 *       those the upgrade headers are removed and the origin answers a plain {@code GET};
 *   <li>a route with a {@code directResponse}: repeated credential, rate limit, then the direct
 *       answer ({@link DirectResponseStage}) as the terminal stage, for handshakes too.
 * </ul>
 */
public final class RouteChains {

  private static final ExchangeFilter EDGE_SECURITY = new EdgeSecurityFilter();

  private final EdgeConfig config;
  private final HttpCache cache;
  private final InstantSource clock;
  private final ByteBufAllocator alloc;
  private final PolicyFilters policyFilters;
  private final Map<String, UpstreamCluster> clusters;
  private final Map<String, UpstreamPolicy> policies;
  private final ExchangeFilter repeatedCredential;

  /**
   * @param clock wall-clock time for the cache's freshness arithmetic
   * @param alloc the server's allocator, for the direct copies of cached bodies
   * @param clusters the upstreams of {@code config}, by name
   * @param policies the run-time policies of those upstreams, by name
   */
  public RouteChains(
      EdgeConfig config,
      HttpCache cache,
      InstantSource clock,
      ByteBufAllocator alloc,
      PolicyFilters policyFilters,
      Map<String, UpstreamCluster> clusters,
      Map<String, UpstreamPolicy> policies) {
    this.config = config;
    this.cache = cache;
    this.clock = clock;
    this.alloc = alloc;
    this.policyFilters = policyFilters;
    this.clusters = clusters;
    this.policies = policies;
    String credentialHeader = config.cache().credentialHeader();
    this.repeatedCredential =
        credentialHeader == null ? null : new RepeatedCredentialFilter(credentialHeader);
  }

  /** The route table of the config and every route's chains. */
  public RouteTableSnapshot build() {
    return build(RouteTableSnapshot.Carried.NONE);
  }

  /**
   * As {@link #build()}, for a config reload that replaces {@code previous}: the hit writer is
   * taken over (the {@code cache} section does not change on a reload), and so is the rate-limit
   * filter of every route whose name and {@code rateLimit} are unchanged, with its buckets.
   */
  public RouteTableSnapshot rebuild(RouteTableSnapshot previous) {
    return build(previous.carried());
  }

  private RouteTableSnapshot build(RouteTableSnapshot.Carried previous) {
    RouteTable table = RouteTable.compile(config.routes());
    List<FilterChain> chains = new ArrayList<>();
    List<FilterChain> upgradeChains = new ArrayList<>();
    HitWriter hits = previous.hits() != null ? previous.hits() : newHitWriter();
    Map<String, RouteTableSnapshot.RateLimited> rateLimits = new HashMap<>();
    for (RouteConfig r : config.routes()) {
      ExchangeFilter rateLimit = rateLimit(r, previous);
      if (rateLimit != null) {
        rateLimits.put(r.name(), new RouteTableSnapshot.RateLimited(r.rateLimits(), rateLimit));
      }
      if (r.directResponse() != null) {
        FilterChain direct = direct(r, rateLimit);
        chains.add(direct);
        upgradeChains.add(direct);
        continue;
      }
      UpstreamCluster cluster = cluster(r);
      chains.add(proxied(r, cluster, rateLimit, hits));
      upgradeChains.add(upgrade(r, cluster, rateLimit));
    }
    return new RouteTableSnapshot(
        table, chains, upgradeChains, new RouteTableSnapshot.Carried(hits, Map.copyOf(rateLimits)));
  }

  /**
   * One table of direct body copies per event loop, shared by every caching route; none when the
   * bodies are in direct memory already ({@code cache.storage: direct}).
   */
  private HitWriter newHitWriter() {
    long copies =
        config.cache().storage() == CacheStorage.DIRECT
            ? 0
            : Math.min(config.cache().directBodyMemory().bytes(), config.cache().maxSize().bytes());
    return new HitWriter(new DirectBodies(alloc, copies), cache.targeted().hiddenFields());
  }

  private ExchangeFilter rateLimit(RouteConfig r, RouteTableSnapshot.Carried previous) {
    RouteTableSnapshot.RateLimited kept = previous.rateLimits().get(r.name());
    if (kept != null && kept.config().equals(r.rateLimits())) {
      return kept.filter();
    }
    return policyFilters.rateLimit(r);
  }

  private UpstreamCluster cluster(RouteConfig r) {
    UpstreamCluster cluster = clusters.get(r.upstream());
    if (cluster == null) {
      throw new IllegalArgumentException(
          "routes." + r.name() + ".upstream: " + r.upstream() + " (expected: a declared upstream)");
    }
    return cluster;
  }

  private FilterChain proxied(
      RouteConfig r, UpstreamCluster cluster, ExchangeFilter rateLimit, HitWriter hits) {
    List<ExchangeFilter> filters = new ArrayList<>(8);
    addIfPresent(filters, httpsRedirect(r));
    addIfPresent(filters, repeatedCredential);
    filters.add(EDGE_SECURITY);
    addIfPresent(
        filters, policyFilters.mcpVerify(r, config.server().maxRequestBodyBuffer().bytes()));
    if (r.stream().sseKeepalive() != null) {
      filters.add(new SseKeepaliveFilter(r.stream().sseKeepalive()));
    }
    addIfPresent(filters, rateLimit);
    filters.add(
        new CacheInvalidationFilter(cache, config.admin().token(), r.cache().invalidates()));
    if (r.cache().mcp() != null) {
      filters.add(mcpCache(r));
    }
    if (r.cache().mode() != CacheMode.OFF) {
      filters.add(new CacheFilter(cache, r.cache(), clock, config.cache().coalesceTimeout(), hits));
    }
    filters.add(new HeaderHygieneFilter(cluster.isHttp2(), false));
    addIfPresent(filters, policyFilters.retry(r, policies.get(r.upstream())));
    return new FilterChain(filters, new UpstreamStage(cluster));
  }

  private ExchangeFilter mcpCache(RouteConfig r) {
    return new McpCacheFilter(
        cache,
        clock,
        Credential.of(config.cache()),
        r.name(),
        r.cache().mcp(),
        config.cache().maxObjectSize().bytes(),
        config.cache().coalesceTimeout());
  }

  private FilterChain upgrade(RouteConfig r, UpstreamCluster cluster, ExchangeFilter rateLimit) {
    List<ExchangeFilter> filters = new ArrayList<>(5);
    addIfPresent(filters, httpsRedirect(r));
    addIfPresent(filters, repeatedCredential);
    filters.add(EDGE_SECURITY);
    addIfPresent(filters, rateLimit);
    filters.add(new HeaderHygieneFilter(cluster.isHttp2(), !cluster.isHttp2()));
    return new FilterChain(filters, new UpstreamStage(cluster));
  }

  private FilterChain direct(RouteConfig r, ExchangeFilter rateLimit) {
    List<ExchangeFilter> filters = new ArrayList<>(3);
    addIfPresent(filters, httpsRedirect(r));
    addIfPresent(filters, repeatedCredential);
    addIfPresent(filters, rateLimit);
    return new FilterChain(filters, new DirectResponseStage(r.directResponse()));
  }

  private static ExchangeFilter httpsRedirect(RouteConfig r) {
    return r.httpsRedirectPort() == null ? null : new HttpsRedirectFilter(r.httpsRedirectPort());
  }

  private static void addIfPresent(List<ExchangeFilter> filters, ExchangeFilter filter) {
    if (filter != null) {
      filters.add(filter);
    }
  }
}
