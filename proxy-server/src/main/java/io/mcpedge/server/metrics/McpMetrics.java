package io.mcpedge.server.metrics;

import io.mcpedge.core.config.McpRouteConfig;
import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.exchange.ExchangeObserver;
import io.mcpedge.server.mcp.McpCall;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code mcp.server.requests}: verified MCP requests (2026-07-28) counted when they end, by route,
 * MCP method ({@code mcp.method.name}, as the OpenTelemetry MCP conventions name it), the name they
 * call and the status class. Requests the envelope check refused are counted by {@code
 * edge.policy.rejections} (reasons {@code mcp_header_mismatch} and {@code mcp_invalid}).
 *
 * <p>Every label value comes from a fixed set, whatever clients send: a method outside the
 * specification's list is {@code other}; a name is a label only when the route lists it in {@code
 * mcp.metricNames}, every other name is {@code other} and a call without one {@code none}. An
 * exchange that is not a verified MCP request costs one attribute lookup.
 */
public final class McpMetrics implements ExchangeObserver {

  static final String NAME = "mcp.server.requests";

  private static final Set<String> METHODS =
      Set.of(
          "server/discover",
          "ping",
          "tools/list",
          "tools/call",
          "prompts/list",
          "prompts/get",
          "resources/list",
          "resources/templates/list",
          "resources/read",
          "resources/subscribe",
          "resources/unsubscribe",
          "subscriptions/listen",
          "completion/complete",
          "logging/setLevel",
          "tasks/get",
          "tasks/update",
          "tasks/cancel",
          "tasks/list",
          "tasks/result",
          "notifications/cancelled",
          "notifications/progress",
          "notifications/initialized",
          "notifications/roots/list_changed");

  private static final String[] STATUS_CLASSES = {"none", "1xx", "2xx", "3xx", "4xx", "5xx"};

  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  public McpMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void exchangeEnded(Exchange ex, int status) {
    McpCall call = ex.get(McpCall.KEY);
    if (call == null) {
      return;
    }
    String route = ex.routeName();
    String method = METHODS.contains(call.method()) ? call.method() : "other";
    String name = nameLabel(ex, call);
    String statusClass = STATUS_CLASSES[status >= 100 && status < 600 ? status / 100 : 0];
    String key = route + '\n' + method + '\n' + name + '\n' + statusClass;
    Counter c = counters.get(key);
    if (c == null) {
      c =
          counters.computeIfAbsent(
              key,
              k ->
                  Counter.builder(NAME)
                      .description("Verified MCP requests, by method, name and status class")
                      .tag("route", route == null ? RequestMetrics.NO_ROUTE : route)
                      .tag("mcp.method.name", method)
                      .tag("mcp.name", name)
                      .tag("status_class", statusClass)
                      .register(registry));
    }
    c.increment();
  }

  private static String nameLabel(Exchange ex, McpCall call) {
    String name = call.name() != null ? call.name() : call.uri();
    if (name == null) {
      return "none";
    }
    McpRouteConfig mcp = ex.route() == null ? null : ex.route().config().mcp();
    return mcp != null && mcp.metricNames().contains(name) ? name : "other";
  }
}
