package io.mcpedge.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigLoaderTest {

  static final String LISTENERS = "listeners: [{name: http, address: \"127.0.0.1:0\"}]\n";
  static final String UPSTREAMS =
      "upstreams: [{name: gateway, endpoints: [\"http://127.0.0.1:4444\"]}]\n";
  static final String MINIMAL =
      LISTENERS + UPSTREAMS + "routes: [{name: default, upstream: gateway}]\n";

  static EdgeConfig parse(String yaml) throws ConfigException {
    return ConfigLoader.parse(yaml, "edge.yaml", Map.of());
  }

  static List<String> problems(String yaml, Map<String, String> env) {
    try {
      ConfigLoader.parse(yaml, "edge.yaml", env);
    } catch (ConfigException e) {
      return e.problems();
    }
    throw new AssertionError("expected problems, but the config loaded:\n" + yaml);
  }

  /** A config whose only route carries {@code lines} (indented as route keys). */
  static String route(String lines) {
    return LISTENERS
        + UPSTREAMS
        + "routes:\n  - name: r\n    upstream: gateway\n"
        + lines.indent(4);
  }

  /** A config whose only upstream carries {@code lines}. */
  static String upstream(String lines) {
    return LISTENERS
        + "upstreams:\n  - name: gateway\n    endpoints: [\"http://127.0.0.1:4444\"]\n"
        + lines.indent(4)
        + "routes: [{name: default, upstream: gateway}]\n";
  }

  @Test
  void escapedSlashesAreRejectedUnlessConfigured() throws ConfigException {
    assertThat(parse(MINIMAL).server().escapedSlashes()).isEqualTo(EscapedSlashes.REJECT);
    assertThat(parse(MINIMAL + "server: { escapedSlashes: decode }\n").server().escapedSlashes())
        .isEqualTo(EscapedSlashes.DECODE);
    assertThat(parse(MINIMAL + "server: { escapedSlashes: keep }\n").server().escapedSlashes())
        .isEqualTo(EscapedSlashes.KEEP);
  }

  @Test
  void minimalConfigTakesEveryDefault() throws ConfigException {
    EdgeConfig c = parse(MINIMAL);
    assertThat(c.admin()).isEqualTo(new AdminConfig(new HostPort("0.0.0.0", 9901), null));
    assertThat(c.server())
        .isEqualTo(
            new ServerConfig(
                0,
                Duration.ofSeconds(30),
                8192,
                ByteSize.ofBytes(65536),
                ByteSize.ofBytes(65536),
                Duration.ofSeconds(60)));
    assertThat(c.cache())
        .isEqualTo(
            new CacheConfig(
                ByteSize.ofBytes(64L << 20),
                ByteSize.ofBytes(8L << 20),
                "Authorization",
                List.of("jwt_token", "access_token"),
                Duration.ofSeconds(5),
                Duration.ofMinutes(2),
                ByteSize.ofBytes(8L << 20)));
    UpstreamConfig u = c.upstream("gateway");
    assertThat(u.endpoints()).containsExactly(new EndpointAddress("http", "127.0.0.1", 4444));
    assertThat(u.protocol()).isEqualTo(UpstreamProtocol.HTTP1);
    assertThat(u.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(u.dnsRefresh()).isEqualTo(Duration.ofSeconds(5));
    assertThat(u.pool()).isEqualTo(new PoolConfig(1024, 320, Duration.ofSeconds(60), 4));
    assertThat(u.loadBalancer())
        .isEqualTo(new LoadBalancerConfig(LoadBalancerPolicy.ROUND_ROBIN, "Authorization"));
    assertThat(u.circuitBreaker()).isEqualTo(new CircuitBreakerConfig(1024, 1024, 1024, null));
    assertThat(u.outlierDetection()).isNull();
    assertThat(u.retry()).isNull();
    RouteConfig r = c.routes().get(0);
    assertThat(r.match())
        .isEqualTo(
            new RouteMatch(
                new PathMatch(MatchType.PATH_PREFIX, "/"), Set.of(), List.of(), List.of()));
    assertThat(r.timeouts()).isEqualTo(new TimeoutsConfig(Duration.ofSeconds(60), null));
    assertThat(r.cache()).isEqualTo(RouteCacheConfig.OFF);
    assertThat(r.rateLimit()).isNull();
    assertThat(r.retry()).isNull();
    assertThat(r.stream()).isEqualTo(StreamConfig.NONE);
    assertThat(r.directResponse()).isNull();
  }

  @Test
  void emptyPolicyBlocksTakeEnvoyLikeDefaults() throws ConfigException {
    UpstreamConfig u =
        parse(upstream("circuitBreaker: {failure: {}}\noutlierDetection: {}\nretry: {}\n"))
            .upstream("gateway");
    assertThat(u.circuitBreaker().failure())
        .isEqualTo(new FailureBreakerConfig(50, 100, 20, Duration.ofSeconds(10), 5, false));
    assertThat(u.outlierDetection())
        .isEqualTo(
            new OutlierDetectionConfig(5, Duration.ofSeconds(30), Duration.ofSeconds(300), 10));
    assertThat(u.retry())
        .isEqualTo(
            new RetryConfig(
                1,
                Set.of(RetryOn.FIVE_XX, RetryOn.RESET, RetryOn.CONNECT_FAILURE),
                Set.of(),
                null,
                Duration.ofMillis(25),
                Duration.ofMillis(250),
                20,
                3));
  }

  @Test
  void readsEveryRouteKey() throws ConfigException {
    RouteConfig r =
        parse(
                route(
                    """
                    match:
                      path: { type: RegularExpression, value: "^/v1/tools$" }
                      methods: [GET, HEAD]
                      headers: [{ name: X-Tenant, value: acme }, { name: Accept, type: RegularExpression, value: json }]
                      hostnames: ["*.Example.com", api.example.com]
                    timeouts: { request: 1m30s, idle: 250ms }
                    cache: { mode: rfc9111, scope: per-credential, staleWhileRevalidate: 10s, staleIfError: 1h, negativeTtl: 1m, heuristic: true }
                    rateLimit: { requestsPerSecond: 100, burst: 200, key: header, header: X-Api-Key }
                    retry: { numRetries: 3, retryOn: [retriable-status-codes], retriableStatusCodes: [503, 429], perTryTimeout: 2s }
                    stream: { sseKeepalive: 15s }
                    """))
            .routes()
            .get(0);
    assertThat(r.match().path())
        .isEqualTo(new PathMatch(MatchType.REGULAR_EXPRESSION, "^/v1/tools$"));
    assertThat(r.match().methods()).containsExactlyInAnyOrder("GET", "HEAD");
    assertThat(r.match().headers())
        .containsExactly(
            new HeaderMatch("X-Tenant", MatchType.EXACT, "acme"),
            new HeaderMatch("Accept", MatchType.REGULAR_EXPRESSION, "json"));
    assertThat(r.match().hostnames()).containsExactly("*.example.com", "api.example.com");
    assertThat(r.timeouts())
        .isEqualTo(new TimeoutsConfig(Duration.ofSeconds(90), Duration.ofMillis(250)));
    assertThat(r.cache())
        .isEqualTo(
            new RouteCacheConfig(
                CacheMode.RFC9111,
                Duration.ZERO,
                CacheScope.PER_CREDENTIAL,
                Duration.ofSeconds(10),
                Duration.ofHours(1),
                Duration.ofMinutes(1),
                true));
    assertThat(r.rateLimit())
        .isEqualTo(new RateLimitConfig(100, 200, RateLimitKey.HEADER, "X-Api-Key"));
    assertThat(r.retry().numRetries()).isEqualTo(3);
    assertThat(r.retry().retryOn()).containsExactly(RetryOn.RETRIABLE_STATUS_CODES);
    assertThat(r.retry().retriableStatusCodes()).containsExactlyInAnyOrder(503, 429);
    assertThat(r.retry().perTryTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(r.stream()).isEqualTo(new StreamConfig(Duration.ofSeconds(15)));
  }

  @Test
  void overrideWithPerCredentialOrPublicScopeLoads() throws ConfigException {
    for (String scope : List.of("per-credential", "public")) {
      RouteCacheConfig c =
          parse(route("cache: { mode: override, ttl: 5m, scope: " + scope + " }"))
              .routes()
              .get(0)
              .cache();
      assertThat(c.mode()).isEqualTo(CacheMode.OVERRIDE);
      assertThat(c.ttl()).isEqualTo(Duration.ofMinutes(5));
      assertThat(c.scope().name()).isEqualTo(scope.replace('-', '_').toUpperCase());
    }
  }

  @Test
  void bareOffIsTheCacheModeOff() throws ConfigException {
    // YAML 1.1 reads an unquoted `off` as the boolean false.
    assertThat(parse(route("cache: { mode: off }")).routes().get(0).cache())
        .isEqualTo(RouteCacheConfig.OFF);
  }

  @Test
  void directBodyCopiesCanBeTurnedOff() throws ConfigException {
    assertThat(parse(MINIMAL + "cache: { directBodyMemory: 0 }\n").cache().directBodyMemory())
        .isEqualTo(ByteSize.ofBytes(0));
    assertThat(parse(MINIMAL + "cache: { directBodyMemory: 64Ki }\n").cache().directBodyMemory())
        .isEqualTo(ByteSize.ofBytes(64 << 10));
  }

  @Test
  void bodiesStayOnTheHeapUnlessStorageIsDirect() throws ConfigException {
    assertThat(parse(MINIMAL).cache().storage()).isEqualTo(CacheStorage.HEAP);
    assertThat(parse(MINIMAL + "cache: { storage: direct }\n").cache().storage())
        .isEqualTo(CacheStorage.DIRECT);
    assertThat(parse(MINIMAL + "cache: { storage: heap }\n").cache().storage())
        .isEqualTo(CacheStorage.HEAP);
  }

  @Test
  void targetedFieldsDefaultToCdnCacheControlAndKeepTheirOrder() throws ConfigException {
    assertThat(parse(MINIMAL).cache().targetedFields()).containsExactly("CDN-Cache-Control");
    assertThat(
            parse(MINIMAL + "cache: { targetedFields: [Edge-Cache-Control, CDN-Cache-Control] }\n")
                .cache()
                .targetedFields())
        .containsExactly("Edge-Cache-Control", "CDN-Cache-Control");
    assertThat(parse(MINIMAL + "cache: { targetedFields: [] }\n").cache().targetedFields())
        .isEmpty();
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of(
            route("upstream: gatewy").replace("    upstream: gateway\n", ""),
            "edge.yaml: routes[0].upstream: \"gatewy\" (expected: one of [gateway])"),
        Arguments.of(
            route("timeout: 5s"),
            "edge.yaml: routes[0].timeout: unknown key (expected: one of [name, match, upstream,"
                + " directResponse, timeouts, cache, rateLimit, retry, stream, maxRequestBody,"
                + " httpsRedirect, mcp])"),
        Arguments.of(
            route("timeouts: { request: -5s }"),
            "edge.yaml: routes[0].timeouts.request: -5s (expected: a positive duration)"),
        Arguments.of(
            route("timeouts: { request: 5 }"),
            "edge.yaml: routes[0].timeouts.request: 5 (expected: a duration such as 250ms, 5s,"
                + " 1m30s, 1h or 30d)"),
        Arguments.of(
            route("timeouts: { request: 5 sec }"),
            "edge.yaml: routes[0].timeouts.request: \"5 sec\" (expected: a duration such as 250ms,"
                + " 5s, 1m30s, 1h or 30d)"),
        Arguments.of(
            route("cache: { mode: override, ttl: 5m, scope: shared }"),
            "edge.yaml: routes[0].cache.scope: \"shared\" (expected: per-credential, or public for"
                + " answers that are the same for every client; override with shared could share"
                + " authenticated answers)"),
        Arguments.of(
            route("cache: { mode: override, ttl: 5m }"),
            "edge.yaml: routes[0].cache.scope: missing (expected: per-credential, or public for"
                + " answers that are the same for every client)"),
        Arguments.of(
            route("cache: { mode: override, scope: public }"),
            "edge.yaml: routes[0].cache.ttl: missing (expected: a positive duration: override"
                + " replaces the origin's freshness)"),
        Arguments.of(
            route("cache: { mode: rfc9111, ttl: 5m }"),
            "edge.yaml: routes[0].cache.ttl: \"5m\" (expected: only with mode override)"),
        Arguments.of(
            route("cache: { mode: off, staleIfError: 1m }"),
            "edge.yaml: routes[0].cache.staleIfError: \"1m\" (expected: only with mode rfc9111 or"
                + " override)"),
        Arguments.of(
            route("cache: { mode: forever }"),
            "edge.yaml: routes[0].cache.mode: \"forever\" (expected: one of [off, rfc9111,"
                + " override])"),
        Arguments.of(
            route("cache: { ttl: 5m }"),
            "edge.yaml: routes[0].cache.mode: missing (expected: one of [off, rfc9111, override])"),
        Arguments.of(
            route("directResponse: { status: 403 }"),
            "edge.yaml: routes[0]: both upstream and directResponse (expected: exactly one of"
                + " them)"),
        Arguments.of(
            route("").replace("    upstream: gateway\n", ""),
            "edge.yaml: routes[0]: neither upstream nor directResponse (expected: exactly one of"
                + " them)"),
        Arguments.of(
            route("directResponse: { status: 700 }").replace("    upstream: gateway\n", ""),
            "edge.yaml: routes[0].directResponse.status: 700 (expected: 200..599)"),
        Arguments.of(
            route("match: { path: { type: RegularExpression, value: \"^/(tools\" } }"),
            "edge.yaml: routes[0].match.path.value: \"^/(tools\" (expected: a valid Java regular"
                + " expression (Unclosed group near index 8))"),
        Arguments.of(
            route("match: { path: { type: Prefix, value: /a } }"),
            "edge.yaml: routes[0].match.path.type: \"Prefix\" (expected: one of [Exact,"
                + " PathPrefix, RegularExpression])"),
        Arguments.of(
            route("match: { path: { type: Exact, value: tools } }"),
            "edge.yaml: routes[0].match.path.value: \"tools\" (expected: a path starting with /"
                + " and without ? or #)"),
        Arguments.of(
            route("match: { headers: [{ name: X-A, type: PathPrefix, value: /a }] }"),
            "edge.yaml: routes[0].match.headers[0].type: \"PathPrefix\" (expected: one of [Exact,"
                + " RegularExpression])"),
        Arguments.of(
            route("match: { headers: [{ name: X-A }] }"),
            "edge.yaml: routes[0].match.headers[0].value: missing (expected: a string)"),
        Arguments.of(
            route("match: { methods: [get] }"),
            "edge.yaml: routes[0].match.methods[0]: \"get\" (expected: an upper-case method name,"
                + " e.g. GET)"),
        Arguments.of(
            route("match: { hostnames: [\"example.com:8080\"] }"),
            "edge.yaml: routes[0].match.hostnames[0]: \"example.com:8080\" (expected: a host name"
                + " without port, optionally starting with *. as in *.example.com)"),
        Arguments.of(
            route("rateLimit: { requestsPerSecond: -1 }"),
            "edge.yaml: routes[0].rateLimit.requestsPerSecond: -1 (expected: 1..1000000000)"),
        Arguments.of(
            route("rateLimit: { requestsPerSecond: 10, key: header }"),
            "edge.yaml: routes[0].rateLimit.header: missing (expected: a header name, since key is"
                + " header)"),
        Arguments.of(
            route("rateLimit: { requestsPerSecond: 1.5 }"),
            "edge.yaml: routes[0].rateLimit.requestsPerSecond: 1.5 (expected: an integer)"),
        Arguments.of(
            route("retry: { budgetPercent: 150 }"),
            "edge.yaml: routes[0].retry.budgetPercent: 150 (expected: 0..100)"),
        Arguments.of(
            route("retry: { retryOn: [5xx, timeout] }"),
            "edge.yaml: routes[0].retry.retryOn[1]: \"timeout\" (expected: one of [5xx, reset,"
                + " connect-failure, retriable-status-codes])"),
        Arguments.of(
            route("retry: { retryOn: [retriable-status-codes] }"),
            "edge.yaml: routes[0].retry.retriableStatusCodes: missing (expected: a list of status"
                + " codes, since retryOn has retriable-status-codes)"),
        Arguments.of(
            route("retry: { backoffBase: 1s, backoffMax: 100ms }"),
            "edge.yaml: routes[0].retry.backoffMax: \"100ms\" (expected: at least backoffBase)"),
        Arguments.of(
            route("rateLimit: { requestsPerSecond: 10, burst: -5 }"),
            "edge.yaml: routes[0].rateLimit.burst: -5 (expected: 1..1000000000)"),
        Arguments.of(
            route("retry: { perTryTimeout: -1s }"),
            "edge.yaml: routes[0].retry.perTryTimeout: -1s (expected: a positive duration)"),
        Arguments.of(
            route("retry: { minRetryConcurrency: -1 }"),
            "edge.yaml: routes[0].retry.minRetryConcurrency: -1 (expected: >= 0)"),
        Arguments.of(
            route("timeouts: { request: 10s }\nretry: { perTryTimeout: 10s }"),
            "edge.yaml: routes[0].retry.perTryTimeout: 10s (expected: less than the route's"
                + " timeouts.request, 10s)"),
        Arguments.of(
            LISTENERS
                + "upstreams:\n  - name: gateway\n    endpoints: [\"http://127.0.0.1:4444\"]\n"
                + "    retry: { perTryTimeout: 2500ms }\n"
                + "routes:\n  - name: slow\n    upstream: gateway\n"
                + "  - name: health\n    upstream: gateway\n    timeouts: { request: 2s }\n",
            "edge.yaml: routes[1].timeouts.request: 2s (expected: more than perTryTimeout 2500ms of"
                + " upstreams[0].retry, which this route uses, or a retry of the route's own)"),
        Arguments.of(
            route("stream: { sseKeepalive: 0s }"),
            "edge.yaml: routes[0].stream.sseKeepalive: 0s (expected: a positive duration)"),
        Arguments.of(
            route("name: x"),
            "edge.yaml: routes[0].name: Duplicate field 'name' (expected: valid YAML)"),
        Arguments.of(
            upstream("protocol: http2"),
            "edge.yaml: upstreams[0].protocol: \"http2\" (expected: one of [http1, h2c, h2])"),
        Arguments.of(
            upstream("connectTimeout: 0s"),
            "edge.yaml: upstreams[0].connectTimeout: 0s (expected: a positive duration)"),
        Arguments.of(
            upstream("pool: { maxConnections: 0 }"),
            "edge.yaml: upstreams[0].pool.maxConnections: 0 (expected: > 0)"),
        Arguments.of(
            upstream("pool: { maxConnections: 8, maxIdle: 16 }"),
            "edge.yaml: upstreams[0].pool.maxIdle: 16 (expected: at most maxConnections, 8)"),
        Arguments.of(
            upstream("loadBalancer: { hashOn: Authorization }"),
            "edge.yaml: upstreams[0].loadBalancer.hashOn: \"Authorization\" (expected: only with"
                + " policy consistentHash)"),
        Arguments.of(
            upstream("loadBalancer: { policy: random }"),
            "edge.yaml: upstreams[0].loadBalancer.policy: \"random\" (expected: one of [roundRobin,"
                + " leastRequest, consistentHash])"),
        Arguments.of(
            upstream("circuitBreaker: { failure: { failureRatePercent: 0 } }"),
            "edge.yaml: upstreams[0].circuitBreaker.failure.failureRatePercent: 0 (expected:"
                + " 1..100)"),
        Arguments.of(
            upstream("circuitBreaker: { failure: { slidingWindow: 10, minimumCalls: 20 } }"),
            "edge.yaml: upstreams[0].circuitBreaker.failure.minimumCalls: 20 (expected: at most"
                + " slidingWindow, 10)"),
        Arguments.of(
            upstream("outlierDetection: { maxEjectionPercent: 101 }"),
            "edge.yaml: upstreams[0].outlierDetection.maxEjectionPercent: 101 (expected: 0..100)"),
        Arguments.of(
            upstream("circuitBreaker: { maxConnections: 0 }"),
            "edge.yaml: upstreams[0].circuitBreaker.maxConnections: 0 (expected: > 0)"),
        Arguments.of(
            upstream("circuitBreaker: { maxRequests: -3 }"),
            "edge.yaml: upstreams[0].circuitBreaker.maxRequests: -3 (expected: > 0)"),
        Arguments.of(
            upstream("circuitBreaker: { failure: { halfOpenProbes: 0 } }"),
            "edge.yaml: upstreams[0].circuitBreaker.failure.halfOpenProbes: 0 (expected: 1..10000)"),
        Arguments.of(
            upstream("circuitBreaker: { failure: { openFor: 0s } }"),
            "edge.yaml: upstreams[0].circuitBreaker.failure.openFor: 0s (expected: a positive"
                + " duration)"),
        Arguments.of(
            upstream("outlierDetection: { consecutive5xx: 0 }"),
            "edge.yaml: upstreams[0].outlierDetection.consecutive5xx: 0 (expected: 1..10000)"),
        Arguments.of(
            upstream("retry: { budgetPercent: 101 }"),
            "edge.yaml: upstreams[0].retry.budgetPercent: 101 (expected: 0..100)"),
        Arguments.of(
            upstream("retry: { numRetries: -1 }"),
            "edge.yaml: upstreams[0].retry.numRetries: -1 (expected: 0..10)"),
        Arguments.of(
            upstream("retry: { numRetries: two }"),
            "edge.yaml: upstreams[0].retry.numRetries: \"two\" (expected: an integer)"),
        Arguments.of(
            LISTENERS
                + "upstreams: [{name: gateway, endpoints: [\"ws://gw:443\"]}]\n"
                + "routes: [{name: d, upstream: gateway}]\n",
            "edge.yaml: upstreams[0].endpoints[0]: \"ws://gw:443\" (expected: an http:// or"
                + " https:// endpoint)"),
        Arguments.of(
            LISTENERS
                + "upstreams: [{name: gateway, endpoints: []}]\n"
                + "routes: [{name: d, upstream: gateway}]\n",
            "edge.yaml: upstreams[0].endpoints: [] (expected: at least one endpoint)"),
        Arguments.of(
            LISTENERS + "upstreams: [{name: gateway}]\nroutes: [{name: d, upstream: gateway}]\n",
            "edge.yaml: upstreams[0].endpoints: missing (expected: a list of endpoints such as"
                + " [\"http://gateway:4444\"])"),
        Arguments.of(
            "listeners: [{name: http, address: \"localhost\"}]\n"
                + UPSTREAMS
                + "routes: [{name: d, upstream: gateway}]\n",
            "edge.yaml: listeners[0].address: \"localhost\" (expected: host:port, e.g."
                + " 0.0.0.0:8080 or [::1]:8080)"),
        Arguments.of(
            "listeners: {name: http}\n" + UPSTREAMS + "routes: [{name: d, upstream: gateway}]\n",
            "edge.yaml: listeners: a mapping (expected: a list of listeners)"),
        Arguments.of(
            UPSTREAMS + "routes: [{name: d, upstream: gateway}]\n",
            "edge.yaml: listeners: missing (expected: a list of listeners)"),
        Arguments.of(
            MINIMAL + "server: { maxHeaderSize: 64KB }\n",
            "edge.yaml: server.maxHeaderSize: \"64KB\" (expected: a size such as 512, 64Ki, 1Mi,"
                + " 1Gi (powers of 1024) or 1k, 1M, 1G (powers of 1000))"),
        Arguments.of(
            MINIMAL + "server: { ioThreads: -1 }\n",
            "edge.yaml: server.ioThreads: -1 (expected: 0..4096)"),
        Arguments.of(
            MINIMAL + "server: { escapedSlashes: unescape }\n",
            "edge.yaml: server.escapedSlashes: \"unescape\" (expected: one of [reject, decode,"
                + " keep])"),
        Arguments.of(
            MINIMAL + "cache: { maxSize: 1Mi, maxObjectSize: 2Mi }\n",
            "edge.yaml: cache.maxObjectSize: \"2Mi\" (expected: at most cache.maxSize)"),
        Arguments.of(
            MINIMAL + "cache: { directBodyMemory: 8MB }\n",
            "edge.yaml: cache.directBodyMemory: \"8MB\" (expected: a size such as 512, 64Ki, 1Mi,"
                + " 1Gi (powers of 1024) or 1k, 1M, 1G (powers of 1000))"),
        Arguments.of(
            MINIMAL + "cache: { storage: file }\n",
            "edge.yaml: cache.storage: \"file\" (expected: one of [heap, direct])"),
        Arguments.of(
            MINIMAL + "cache: { credentialHeader: \"Bad Header\" }\n",
            "edge.yaml: cache.credentialHeader: \"Bad Header\" (expected: a header name)"),
        Arguments.of(
            MINIMAL + "cache: { targetedFields: [\"Edge Cache\"] }\n",
            "edge.yaml: cache.targetedFields[0]: \"Edge Cache\" (expected: a header name)"),
        Arguments.of(
            MINIMAL + "cache: { targetedFields: [Cache-Control] }\n",
            "edge.yaml: cache.targetedFields[0]: \"Cache-Control\" (expected: a targeted field,"
                + " not Cache-Control)"),
        Arguments.of(
            MINIMAL + "cache: { targetedFields: [CDN-Cache-Control, cdn-cache-control] }\n",
            "edge.yaml: cache.targetedFields[1]: \"cdn-cache-control\" (expected: each field"
                + " once)"),
        Arguments.of(
            MINIMAL + "admin: { address: \"127.0.0.1:0\", tokn: x }\n",
            "edge.yaml: admin.tokn: unknown key (expected: one of [address, token, idleTimeout])"),
        Arguments.of(
            MINIMAL + "admin: { address: \"127.0.0.1:0\", idleTimeout: 0s }\n",
            "edge.yaml: admin.idleTimeout: 0s (expected: a positive duration)"),
        Arguments.of(
            MINIMAL + "admin: { address: \"0.0.0.0:0\" }\nlisteners: []\n",
            "edge.yaml: listeners: Duplicate field 'listeners' (expected: valid YAML)"),
        Arguments.of(
            LISTENERS + UPSTREAMS + "routes: []\n",
            "edge.yaml: routes: [] (expected: at least one route)"));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void reportsExactlyOneProblem(String yaml, String expected) {
    List<String> problems = problems(yaml, Map.of());
    if (expected.contains("Duplicate field")) {
      // Syntax-level problems carry a position rather than a path.
      assertThat(problems).hasSize(1);
      assertThat(problems.get(0))
          .startsWith("edge.yaml: line ")
          .contains(expected.substring(expected.indexOf("Duplicate")));
      return;
    }
    assertThat(problems).containsExactly(expected);
  }

  @Test
  void reportsEveryProblemAtOnce() {
    String yaml =
        """
        listeners:
          - { name: http, address: "0.0.0.0:8080" }
          - { name: http, address: "127.0.0.1:8080" }
        admin: { address: "0.0.0.0:9901" }
        upstreams:
          - { name: gateway, endpoints: ["http://gw:4444"], protocol: h3 }
          - { name: gateway, endpoints: ["http://gw2:4444"] }
        routes:
          - { name: a, upstream: gatewy, timeouts: { request: 0s } }
          - { name: a, upstream: gateway, cache: { mode: override, ttl: 5m, scope: shared } }
          - { name: "bad name", upstream: gateway, rateLimit: { requestsPerSecond: 0 } }
        """;
    assertThat(problems(yaml, Map.of()))
        .containsExactly(
            "edge.yaml: upstreams[0].protocol: \"h3\" (expected: one of [http1, h2c, h2])",
            "edge.yaml: routes[0].upstream: \"gatewy\" (expected: one of [gateway])",
            "edge.yaml: routes[0].timeouts.request: 0s (expected: a positive duration)",
            "edge.yaml: routes[1].cache.scope: \"shared\" (expected: per-credential, or public"
                + " for answers that are the same for every client; override with shared could"
                + " share authenticated answers)",
            "edge.yaml: routes[2].name: \"bad name\" (expected: a name of up to 63 letters,"
                + " digits, '.', '_' and '-')",
            "edge.yaml: routes[2].rateLimit.requestsPerSecond: 0 (expected: 1..1000000000)",
            "edge.yaml: listeners[1].name: \"http\" (expected: a unique name; listeners[0] has it"
                + " already)",
            "edge.yaml: upstreams[1].name: \"gateway\" (expected: a unique name; upstreams[0] has"
                + " it already)",
            "edge.yaml: routes[1].name: \"a\" (expected: a unique name; routes[0] has it already)",
            "edge.yaml: listeners[1].address: \"127.0.0.1:8080\" (expected: an address not already"
                + " used by listeners[0].address)");
  }

  @Test
  void exceptionMessageJoinsAllProblems() {
    assertThatThrownBy(() -> parse(route("timeout: 5s\nretry: { numRetries: 11 }")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "edge.yaml: routes[0].timeout: unknown key (expected: one of [name, match, upstream,"
                + " directResponse, timeouts, cache, rateLimit, retry, stream, maxRequestBody,"
                + " httpsRedirect, mcp])\n"
                + "edge.yaml: routes[0].retry.numRetries: 11 (expected: 0..10)");
  }

  @Test
  void adminAddressMustNotClashWithAListener() {
    assertThat(problems(MINIMAL.replace("127.0.0.1:0", "0.0.0.0:9901"), Map.of()))
        .containsExactly(
            "edge.yaml: admin.address: \"0.0.0.0:9901\" (expected: an address not already used"
                + " by listeners[0].address)");
  }

  @Test
  void malformedYamlIsReportedWithLineAndColumn() {
    assertThat(problems(LISTENERS + "routes: [\n  name: x\n", Map.of()))
        .singleElement()
        .asString()
        .isEqualTo(
            "edge.yaml: line 4, column 1: while parsing a flow sequence: expected ',' or ']',"
                + " but got <stream end> (expected: valid YAML)");
  }

  @Test
  void duplicateKeysAreRefused() {
    assertThat(problems(MINIMAL + "routes: []\n", Map.of()))
        .containsExactly(
            "edge.yaml: line 4, column 7: Duplicate field 'routes' (expected: valid YAML)");
  }

  @Test
  void substitutesEnvironmentReferencesInScalars() throws ConfigException {
    String yaml =
        """
        listeners: [{ name: http, address: "${LISTEN}" }]
        admin: { address: "${ADMIN:-127.0.0.1:9902}", token: "$${NOT_A_VAR}" }
        upstreams: [{ name: gateway, endpoints: ["http://${GW_HOST}:${GW_PORT:-4444}"] }]
        routes:
          - name: r
            upstream: gateway
            timeouts: { request: "${TIMEOUT:-7s}" }
            rateLimit: { requestsPerSecond: "${RPS}" }
        """;
    EdgeConfig c =
        ConfigLoader.parse(
            yaml,
            "edge.yaml",
            Map.of("LISTEN", "[::1]:8081", "GW_HOST", "gw.ns.svc", "TIMEOUT", "", "RPS", "250"));
    assertThat(c.listeners().get(0).address()).isEqualTo(new HostPort("::1", 8081));
    assertThat(c.admin())
        .isEqualTo(new AdminConfig(new HostPort("127.0.0.1", 9902), "${NOT_A_VAR}"));
    assertThat(c.upstream("gateway").endpoints())
        .containsExactly(new EndpointAddress("http", "gw.ns.svc", 4444));
    assertThat(c.routes().get(0).timeouts().request()).isEqualTo(Duration.ofSeconds(7));
    assertThat(c.routes().get(0).rateLimit().requestsPerSecond()).isEqualTo(250);
  }

  @Test
  void reportsUnsetAndMistypedEnvironmentValues() {
    String yaml =
        """
        listeners: [{ name: http, address: "${LISTEN}" }]
        upstreams: [{ name: gateway, endpoints: ["http://gw:4444"] }]
        routes:
          - name: r
            upstream: gateway
            rateLimit: { requestsPerSecond: "${RPS}" }
            timeouts: { request: "${BROKEN" }
        """;
    assertThat(problems(yaml, Map.of("RPS", "lots")))
        .containsExactly(
            "edge.yaml: listeners[0].address: \"${LISTEN}\" (expected: environment variable LISTEN"
                + " to be set, or a default as in ${LISTEN:-value})",
            "edge.yaml: routes[0].timeouts.request: \"${BROKEN\" (expected: an environment"
                + " reference closed by }, as in ${NAME} or ${NAME:-default})",
            "edge.yaml: routes[0].rateLimit.requestsPerSecond: \"lots\" (expected: an integer)");
  }

  @Test
  void quotedNumbersWithoutReferencesAreStillTypeErrors() {
    assertThat(problems(route("rateLimit: { requestsPerSecond: \"100\" }"), Map.of()))
        .containsExactly(
            "edge.yaml: routes[0].rateLimit.requestsPerSecond: \"100\" (expected: an integer)");
  }

  @Test
  void emptyDocumentIsAProblem() {
    assertThat(problems("# nothing here\n", Map.of()))
        .containsExactly(
            "edge.yaml: empty document (expected: a mapping with keys [listeners, admin, server,"
                + " cache, upstreams, routes, observability, redis])");
  }

  @Test
  void secondDocumentIsRefused() {
    assertThat(problems(MINIMAL + "---\nlisteners: []\n", Map.of()))
        .containsExactly("edge.yaml: line 5: a second YAML document (expected: one document)");
  }

  @Test
  void topLevelMustBeAMapping() {
    assertThat(problems("- a\n- b\n", Map.of()))
        .containsExactly(
            "edge.yaml: (root): a list (expected: a mapping with keys [listeners, admin, server,"
                + " cache, upstreams, routes, observability, redis])");
  }

  @Test
  void unreadableFileIsAProblem() {
    assertThatThrownBy(() -> ConfigLoader.load(Path.of("no-such-edge.yaml"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("no-such-edge.yaml: cannot be read: ")
        .hasMessageEndingWith("(expected: a readable UTF-8 YAML file)");
  }
}
