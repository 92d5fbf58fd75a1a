package io.mcpedge.server.metrics;

import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.exchange.ExchangeObserver;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code http.server.request.duration} (OpenTelemetry HTTP semantic conventions): one timer per
 * route, method, status class and protocol, recorded once per downstream exchange when it ends; and
 * {@code http.server.active_requests} per protocol, the exchanges started and not yet ended (an
 * upgraded exchange ends with its {@code 101}: open tunnels are not counted).
 *
 * <p>Every label value comes from a fixed set: the route names of the config, a method from the
 * standard list or {@code _OTHER}, a status class, a protocol version. Nothing a client writes (a
 * path, a header, an odd method) becomes a label, so the series stay bounded by the route table.
 * The hot path allocates nothing: the timers of a route sit in a flat array indexed by the other
 * three labels, created on first use (an unused combination exports no series).
 */
public final class RequestMetrics implements ExchangeObserver {

  static final String NAME = "http.server.request.duration";
  static final String ACTIVE = "http.server.active_requests";

  /** The {@code route} label of an exchange that matched no route. */
  static final String NO_ROUTE = "none";

  private static final String[] METHODS = {
    "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "_OTHER"
  };
  private static final String[] STATUS_CLASSES = {"none", "1xx", "2xx", "3xx", "4xx", "5xx"};
  private static final String[] PROTOCOLS = {"1.1", "2"};
  private static final int SLOTS = METHODS.length * STATUS_CLASSES.length * PROTOCOLS.length;

  /** The OpenTelemetry semantic conventions' advised bucket boundaries, 5 ms to 10 s. */
  static final Duration[] BUCKETS = {
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(75),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofMillis(750),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofMillis(7500),
    Duration.ofSeconds(10)
  };

  private final MeterRegistry registry;
  private final Map<String, RouteTimers> byRoute = new ConcurrentHashMap<>();
  private final RouteTimers noRoute;

  /** Per protocol: striped, since every event loop adds and subtracts. */
  private final LongAdder[] active = {new LongAdder(), new LongAdder()};

  /**
   * @param routeNames the routes of the config snapshot, whose timers are prepared here
   */
  public RequestMetrics(MeterRegistry registry, Collection<String> routeNames) {
    this.registry = registry;
    for (String name : routeNames) {
      byRoute.put(name, new RouteTimers(name));
    }
    this.noRoute = new RouteTimers(NO_ROUTE);
    for (int p = 0; p < PROTOCOLS.length; p++) {
      Gauge.builder(ACTIVE, active[p], LongAdder::sum)
          .description("Downstream HTTP exchanges started and not yet ended")
          .tag("network.protocol.version", PROTOCOLS[p])
          .register(registry);
    }
  }

  @Override
  public void exchangeStarted(Exchange ex) {
    active[protocolIndex(ex)].increment();
  }

  @Override
  public void exchangeEnded(Exchange ex, int status) {
    String route = ex.routeName();
    RouteTimers timers = route == null ? noRoute : byRoute.get(route);
    if (timers == null) {
      // Only a route outside the snapshot given at construction: not on the usual path.
      timers = byRoute.computeIfAbsent(route, RouteTimers::new);
    }
    int slot =
        (methodIndex(ex.request().method().name()) * STATUS_CLASSES.length + statusIndex(status))
                * PROTOCOLS.length
            + protocolIndex(ex);
    active[protocolIndex(ex)].decrement();
    timers.timer(slot).record(ex.nanoTime() - ex.startNanos(), TimeUnit.NANOSECONDS);
  }

  private static int protocolIndex(Exchange ex) {
    return ex.protocol() == Exchange.Protocol.HTTP_2 ? 1 : 0;
  }

  static int methodIndex(String method) {
    return switch (method) {
      case "GET" -> 0;
      case "HEAD" -> 1;
      case "POST" -> 2;
      case "PUT" -> 3;
      case "PATCH" -> 4;
      case "DELETE" -> 5;
      case "OPTIONS" -> 6;
      default -> 7;
    };
  }

  static int statusIndex(int status) {
    return status >= 100 && status < 600 ? status / 100 : 0;
  }

  /** The timers of one route, indexed by method, status class and protocol. */
  private final class RouteTimers {

    private final String route;
    private final AtomicReferenceArray<Timer> timers = new AtomicReferenceArray<>(SLOTS);

    RouteTimers(String route) {
      this.route = route;
    }

    Timer timer(int slot) {
      Timer t = timers.get(slot);
      if (t == null) {
        // A race registers the same meter twice: the registry returns the one it has.
        t = register(slot);
        timers.set(slot, t);
      }
      return t;
    }

    private Timer register(int slot) {
      int protocol = slot % PROTOCOLS.length;
      int status = slot / PROTOCOLS.length % STATUS_CLASSES.length;
      int method = slot / PROTOCOLS.length / STATUS_CLASSES.length;
      return Timer.builder(NAME)
          .description("Duration of downstream HTTP exchanges, from request head to response end")
          .tag("route", route)
          .tag("http.request.method", METHODS[method])
          .tag("status_class", STATUS_CLASSES[status])
          .tag("network.protocol.version", PROTOCOLS[protocol])
          .serviceLevelObjectives(BUCKETS)
          .register(registry);
    }
  }
}
