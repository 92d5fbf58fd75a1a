package io.mcpedge.server.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpedge.core.policy.breaker.FailureBreaker;
import io.mcpedge.core.policy.outlier.OutlierDetector;
import io.mcpedge.core.policy.overload.BoundedCounter;
import io.mcpedge.core.policy.overload.OverloadGuard;
import io.mcpedge.server.answer.LocalAnswers;
import io.mcpedge.server.policy.UpstreamPolicy;
import io.mcpedge.server.upstream.Endpoint;
import io.mcpedge.server.upstream.UpstreamCluster;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /upstreams}: per upstream, its endpoints as last resolved (each with the requests in
 * flight to it, whether outlier detection has ejected it and its own breaker's state), the
 * upstream's breaker, and its connection counts against their limits (open connections, requests
 * waiting for one, requests in flight, across every event loop). Everything read here is already
 * shared between event loops (atomic counters, volatile snapshots), so the page is made on the
 * admin event loop without visiting the data plane's. A headless Service may resolve to many pods:
 * each upstream lists at most {@link #MAX_ENDPOINTS} endpoints and says when it left some out.
 */
public final class UpstreamsEndpoint {

  static final int MAX_ENDPOINTS = 256;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Supplier<Map<String, UpstreamCluster>> clusters;
  private final Supplier<Map<String, UpstreamPolicy>> policies;

  /**
   * @param clusters the upstreams by name, in config order
   * @param policies their run-time policies, by the same names
   */
  public UpstreamsEndpoint(
      Map<String, UpstreamCluster> clusters, Map<String, UpstreamPolicy> policies) {
    this(() -> clusters, () -> policies);
  }

  /**
   * @param clusters the upstreams serving now (a reload replaces the map), read at each request
   * @param policies their run-time policies, by the same names
   */
  public UpstreamsEndpoint(
      Supplier<Map<String, UpstreamCluster>> clusters,
      Supplier<Map<String, UpstreamPolicy>> policies) {
    this.clusters = clusters;
    this.policies = policies;
  }

  FullHttpResponse answer(ByteBufAllocator alloc) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode list = root.putArray("upstreams");
    Map<String, UpstreamPolicy> policies = this.policies.get();
    for (Map.Entry<String, UpstreamCluster> e : clusters.get().entrySet()) {
      list.add(upstream(e.getKey(), e.getValue(), policies.get(e.getKey())));
    }
    return LocalAnswers.json(root.toPrettyString() + "\n", alloc);
  }

  private static ObjectNode upstream(String name, UpstreamCluster cluster, UpstreamPolicy policy) {
    ObjectNode u = JSON.createObjectNode();
    u.put("name", name);
    u.put("protocol", cluster.isHttp2() ? "h2c" : "http/1.1");
    FailureBreaker breaker = policy == null ? null : policy.breaker();
    u.put("breaker", breaker == null ? null : state(breaker));
    if (policy != null) {
      OverloadGuard guard = policy.overload();
      ObjectNode pool = u.putObject("pool");
      counter(pool, "connections", guard.connections());
      counter(pool, "pendingRequests", guard.pendingRequests());
      counter(pool, "requests", guard.requests());
    }
    OutlierDetector<Endpoint> outlier = policy == null ? null : policy.outlierDetector();
    List<Endpoint> endpoints = cluster.endpoints();
    u.put("endpointCount", endpoints.size());
    u.put("ejectedCount", outlier == null ? 0 : outlier.ejectedCount());
    ArrayNode list = u.putArray("endpoints");
    for (Endpoint ep : endpoints.subList(0, Math.min(endpoints.size(), MAX_ENDPOINTS))) {
      ObjectNode n = list.addObject();
      n.put("address", ep.hostPort());
      n.put("configured", ep.configured().toString());
      n.put("inFlight", policy == null ? 0 : policy.inFlight(ep));
      n.put("ejected", outlier != null && !outlier.isAvailable(ep));
      FailureBreaker own = policy == null ? null : policy.breaker(ep);
      n.put("breaker", own == null ? null : state(own));
    }
    u.put("endpointsTruncated", endpoints.size() > MAX_ENDPOINTS);
    return u;
  }

  private static String state(FailureBreaker b) {
    return b.state().name().toLowerCase(Locale.ROOT);
  }

  private static void counter(ObjectNode parent, String name, BoundedCounter c) {
    ObjectNode n = parent.putObject(name);
    n.put("current", c.held());
    n.put("max", c.limit());
  }
}
