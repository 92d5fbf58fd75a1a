package io.mcpedge.core.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The YAML spellings of one enum ({@code roundRobin}, {@code per-credential}, {@code 5xx}), in the
 * order error messages list them. The spellings are part of the config contract, so they are
 * written out here once rather than derived from Java constant names.
 */
final class Spelling<E> {

  static final Spelling<MatchType> PATH_MATCH =
      of("Exact", MatchType.EXACT, "PathPrefix", MatchType.PATH_PREFIX)
          .and("RegularExpression", MatchType.REGULAR_EXPRESSION);
  static final Spelling<MatchType> HEADER_MATCH =
      of("Exact", MatchType.EXACT, "RegularExpression", MatchType.REGULAR_EXPRESSION);
  static final Spelling<UpstreamProtocol> PROTOCOL =
      of("http1", UpstreamProtocol.HTTP1, "h2c", UpstreamProtocol.H2C)
          .and("h2", UpstreamProtocol.H2C);
  static final Spelling<LoadBalancerPolicy> LB_POLICY =
      of(
              "roundRobin",
              LoadBalancerPolicy.ROUND_ROBIN,
              "leastRequest",
              LoadBalancerPolicy.LEAST_REQUEST)
          .and("consistentHash", LoadBalancerPolicy.CONSISTENT_HASH);
  static final Spelling<CacheMode> CACHE_MODE =
      of("off", CacheMode.OFF, "rfc9111", CacheMode.RFC9111).and("override", CacheMode.OVERRIDE);
  static final Spelling<CacheScope> CACHE_SCOPE =
      of("shared", CacheScope.SHARED, "per-credential", CacheScope.PER_CREDENTIAL)
          .and("public", CacheScope.PUBLIC);
  static final Spelling<CacheStorage> CACHE_STORAGE =
      of("heap", CacheStorage.HEAP, "direct", CacheStorage.DIRECT);
  static final Spelling<RateLimitKey> RATE_LIMIT_KEY =
      of("route", RateLimitKey.ROUTE, "clientAddress", RateLimitKey.CLIENT_ADDRESS)
          .and("credential", RateLimitKey.CREDENTIAL)
          .and("header", RateLimitKey.HEADER)
          .and("mcpMethod", RateLimitKey.MCP_METHOD)
          .and("mcpName", RateLimitKey.MCP_NAME)
          .and("credential+mcpName", RateLimitKey.CREDENTIAL_MCP_NAME);

  static final Spelling<RateLimitScope> RATE_LIMIT_SCOPE =
      of("local", RateLimitScope.LOCAL, "global", RateLimitScope.GLOBAL);
  static final Spelling<RateLimitFallback> RATE_LIMIT_FALLBACK =
      of("localShare", RateLimitFallback.LOCAL_SHARE, "open", RateLimitFallback.OPEN)
          .and("closed", RateLimitFallback.CLOSED);
  static final Spelling<RetryOn> RETRY_ON =
      of("5xx", RetryOn.FIVE_XX, "reset", RetryOn.RESET)
          .and("connect-failure", RetryOn.CONNECT_FAILURE)
          .and("retriable-status-codes", RetryOn.RETRIABLE_STATUS_CODES);

  static final Spelling<EscapedSlashes> ESCAPED_SLASHES =
      of("reject", EscapedSlashes.REJECT, "decode", EscapedSlashes.DECODE)
          .and("keep", EscapedSlashes.KEEP);

  static final Spelling<TlsConfig.TlsClientAuth> CLIENT_AUTH =
      of("none", TlsConfig.TlsClientAuth.NONE, "optional", TlsConfig.TlsClientAuth.OPTIONAL)
          .and("require", TlsConfig.TlsClientAuth.REQUIRE);
  static final Spelling<TlsConfig.TlsProvider> TLS_PROVIDER =
      of("auto", TlsConfig.TlsProvider.AUTO, "openssl", TlsConfig.TlsProvider.OPENSSL)
          .and("jdk", TlsConfig.TlsProvider.JDK);
  static final Spelling<ObservabilityConfig.OtlpProtocol> OTLP_PROTOCOL =
      of(
          "grpc",
          ObservabilityConfig.OtlpProtocol.GRPC,
          "http/protobuf",
          ObservabilityConfig.OtlpProtocol.HTTP_PROTOBUF);

  private final Map<String, E> byName;

  private Spelling(Map<String, E> byName) {
    this.byName = Collections.unmodifiableMap(byName);
  }

  private static <E> Spelling<E> of(String n1, E e1, String n2, E e2) {
    Map<String, E> m = new LinkedHashMap<>();
    m.put(n1, e1);
    m.put(n2, e2);
    return new Spelling<>(m);
  }

  private Spelling<E> and(String name, E e) {
    Map<String, E> m = new LinkedHashMap<>(byName);
    m.put(name, e);
    return new Spelling<>(m);
  }

  List<String> names() {
    return new ArrayList<>(byName.keySet());
  }

  E valueOf(String name) {
    return byName.get(name);
  }

  /** The YAML spelling of {@code e}. */
  String nameOf(E e) {
    for (Map.Entry<String, E> entry : byName.entrySet()) {
      if (entry.getValue().equals(e)) {
        return entry.getKey();
      }
    }
    throw new IllegalArgumentException("no spelling for " + e);
  }
}
