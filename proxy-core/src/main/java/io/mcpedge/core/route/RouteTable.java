package io.mcpedge.core.route;

import io.mcpedge.core.config.RouteConfig;
import java.util.List;

/**
 * The ordered route table: the first route whose match accepts a request handles it, as in the
 * config file. Built once per config snapshot and safe to share between event loops. A {@link
 * RouteIndex} narrows each request to the routes whose path match it can pass, in table order, so
 * that the cost of a match grows with the routes a path can reach, not with the table.
 */
public final class RouteTable {

  private final Route[] routes;
  private final RouteMatcher[] matchers;
  private final RouteIndex index;

  private RouteTable(List<RouteConfig> configs) {
    routes = new Route[configs.size()];
    matchers = new RouteMatcher[configs.size()];
    for (int i = 0; i < routes.length; i++) {
      routes[i] = new Route(i, configs.get(i));
      matchers[i] = new RouteMatcher(configs.get(i).match());
    }
    index = RouteIndex.build(configs.stream().map(c -> c.match().path()).toList());
  }

  /** Compiles the routes in order; regular expressions must already be validated by the loader. */
  public static RouteTable compile(List<RouteConfig> configs) {
    return new RouteTable(configs);
  }

  /** The first matching route, or {@code null} when none matches (the data plane answers 404). */
  public Route match(RequestHead request) {
    // Each candidate still runs its whole match: the index only leaves out routes whose path
    // match cannot pass.
    for (int i : index.candidates(request.path())) {
      if (matchers[i].matches(request)) {
        return routes[i];
      }
    }
    return null;
  }

  /** All routes in table order, indexed by {@link Route#index()}. */
  public List<Route> routes() {
    return List.of(routes);
  }
}
