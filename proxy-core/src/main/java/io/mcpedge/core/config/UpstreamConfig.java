package io.mcpedge.core.config;

import java.time.Duration;
import java.util.List;

/**
 * A named group of endpoints that routes send requests to.
 *
 * @param endpoints {@code http://host:port} addresses; a DNS name may resolve to several addresses
 *     (a headless Service), each of which becomes an endpoint
 * @param dnsRefresh how often names are re-resolved
 * @param circuitBreaker overload thresholds and the failure-rate breaker; never null
 * @param outlierDetection {@code null} when disabled
 * @param retry {@code null} when no retries are configured (may be overridden per route)
 * @param tls {@code null} when the endpoints are {@code http://}; set when they are {@code
 *     https://}
 */
public record UpstreamConfig(
    String name,
    List<EndpointAddress> endpoints,
    UpstreamProtocol protocol,
    Duration connectTimeout,
    Duration dnsRefresh,
    PoolConfig pool,
    LoadBalancerConfig loadBalancer,
    CircuitBreakerConfig circuitBreaker,
    OutlierDetectionConfig outlierDetection,
    RetryConfig retry,
    UpstreamTlsConfig tls) {

  public UpstreamConfig {
    endpoints = List.copyOf(endpoints);
  }

  /** An upstream of {@code http://} endpoints. */
  public UpstreamConfig(
      String name,
      List<EndpointAddress> endpoints,
      UpstreamProtocol protocol,
      Duration connectTimeout,
      Duration dnsRefresh,
      PoolConfig pool,
      LoadBalancerConfig loadBalancer,
      CircuitBreakerConfig circuitBreaker,
      OutlierDetectionConfig outlierDetection,
      RetryConfig retry) {
    this(
        name,
        endpoints,
        protocol,
        connectTimeout,
        dnsRefresh,
        pool,
        loadBalancer,
        circuitBreaker,
        outlierDetection,
        retry,
        null);
  }
}
