package io.mcpedge.core.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads the {@code upstreams} list: endpoints, protocol, pool, load balancing and policies. */
final class UpstreamSection {

  static final List<String> KEYS =
      List.of(
          "name",
          "endpoints",
          "protocol",
          "connectTimeout",
          "dnsRefresh",
          "pool",
          "loadBalancer",
          "circuitBreaker",
          "outlierDetection",
          "retry",
          "tls");

  /**
   * Idle keep-alive connections kept per endpoint and event loop: ingress-nginx's {@code
   * upstream-keepalive-connections}. Fewer than the concurrent requests makes the pool close and
   * reopen connections under steady load.
   */
  static final int DEFAULT_MAX_IDLE = 320;

  static final List<String> POOL_KEYS =
      List.of("maxConnections", "maxIdle", "idleTimeout", "maxH2Connections");
  static final List<String> LB_KEYS = List.of("policy", "hashOn");

  private UpstreamSection() {}

  static List<UpstreamConfig> read(Node list) {
    List<UpstreamConfig> out = new ArrayList<>();
    for (Node e : list.elements("a list of upstreams")) {
      Fields f = Fields.of(e, "an upstream mapping with keys " + KEYS, KEYS);
      if (!f.present()) {
        continue;
      }
      String name = f.requiredName("name");
      List<EndpointAddress> endpoints = endpoints(f);
      out.add(
          new UpstreamConfig(
              name,
              endpoints,
              f.choice("protocol", UpstreamProtocol.HTTP1, Spelling.PROTOCOL),
              f.duration("connectTimeout", Duration.ofSeconds(5), Scalars.Bound.POSITIVE),
              f.duration("dnsRefresh", Duration.ofSeconds(5), Scalars.Bound.POSITIVE),
              pool(f.child("pool")),
              loadBalancer(f.child("loadBalancer")),
              PolicySection.circuitBreaker(f.child("circuitBreaker")),
              PolicySection.outlierDetection(f.child("outlierDetection")),
              PolicySection.retry(f.child("retry")),
              TlsSection.upstream(f.child("tls"), endpoints)));
    }
    return out;
  }

  private static List<EndpointAddress> endpoints(Fields f) {
    List<EndpointAddress> out = new ArrayList<>();
    Node list = f.required("endpoints", "a list of endpoints such as [\"http://gateway:4444\"]");
    if (list == null) {
      return out;
    }
    List<Node> elements = list.elements("a list of endpoints such as [\"http://gateway:4444\"]");
    if (list.isList() && elements.isEmpty()) {
      list.problemDetail("[] (expected: at least one endpoint)");
    }
    for (Node e : elements) {
      String s = Scalars.string(e);
      if (s == null) {
        continue;
      }
      try {
        out.add(EndpointAddress.parse(s));
      } catch (IllegalArgumentException ex) {
        e.problemDetail(ex.getMessage());
      }
    }
    return out;
  }

  private static PoolConfig pool(Node node) {
    Fields f = Fields.of(node, "a mapping with keys " + POOL_KEYS, POOL_KEYS);
    int max = f.integer("maxConnections", 1024, 1, Integer.MAX_VALUE);
    int idle = f.integer("maxIdle", Math.min(DEFAULT_MAX_IDLE, max), 0, Integer.MAX_VALUE);
    if (idle > max) {
      f.child("maxIdle").problem("at most maxConnections, " + max);
    }
    return new PoolConfig(
        max,
        idle,
        f.duration("idleTimeout", Duration.ofSeconds(60), Scalars.Bound.POSITIVE),
        f.integer("maxH2Connections", 4, 1, 1024));
  }

  private static LoadBalancerConfig loadBalancer(Node node) {
    Fields f = Fields.of(node, "a mapping with keys " + LB_KEYS, LB_KEYS);
    LoadBalancerPolicy policy =
        f.choice("policy", LoadBalancerPolicy.ROUND_ROBIN, Spelling.LB_POLICY);
    String hashOn = "Authorization";
    if (f.has("hashOn")) {
      if (policy != LoadBalancerPolicy.CONSISTENT_HASH) {
        f.child("hashOn").problem("only with policy consistentHash");
      } else {
        String h = Scalars.headerName(f.child("hashOn"));
        hashOn = h == null ? hashOn : h;
      }
    }
    return new LoadBalancerConfig(policy, hashOn);
  }
}
